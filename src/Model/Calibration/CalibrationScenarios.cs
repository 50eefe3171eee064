using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// The scenario that matches a measured run: its setup, the profile being fitted, one replication, and the run's own
/// seed (the load generator drew its churn and its per-user traffic from it as the simulation draws them).
/// </summary>
public static class CalibrationScenarios
{
    /// <exception cref="ScenarioException">the setup cannot be simulated (an unknown node, a bad value)</exception>
    public static Scenario For(
        RunSetup setup, CostProfile profile, IReadOnlyDictionary<string, RedisNodeType> nodes)
    {
        // Long enough for any overloaded run to finish its sessions, short enough to bound a hopeless fit step.
        double limit = setup.Sessions * (setup.SessionSeconds + 60) + setup.RampSeconds + 60;
        var scenario = RunSetups.ToScenario(setup, profile, nodes, setup.Seed, 1, limit);
        ScenarioRules.Check(scenario);
        return scenario;
    }
}
