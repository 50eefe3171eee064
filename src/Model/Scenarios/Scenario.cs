namespace FanoutSim.Model.Scenarios;

/// <summary>Everything one simulation needs: workload, deployment, costs, seed and limits.</summary>
/// <param name="TimeLimitSeconds">simulated time after which the run stops, whatever is pending</param>
public sealed record Scenario(
    string Name,
    Workload Workload,
    Deployment Deployment,
    CostProfile Profile,
    ulong Seed,
    int Replications,
    double TimeLimitSeconds);
