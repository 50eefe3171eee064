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

    /// <summary>
    /// Over how long users first dial, uniformly: the workload's ramp, or the load generator's own start spread
    /// (<see cref="CostProfile.ClientStartSpreadSeconds"/>) when that is longer. The simulation and the bounds both
    /// start users over this.
    /// </summary>
    public double DialRampSeconds => Math.Max(Workload.RampSeconds, Profile.ClientStartSpreadSeconds);
}
