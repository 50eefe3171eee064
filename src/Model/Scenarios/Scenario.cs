using FanoutSim.Model.Scenarios.Profile;

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
    double TimeLimitSeconds)
{
    /// <summary>The profile's costs on the deployment's machine: what the simulation and the bounds charge.</summary>
    public CostProfile CostsOnMachine => SpeedScaling.On(Profile, Deployment.MachineSpeedIndex);
}
