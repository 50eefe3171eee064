using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Runs;

/// <summary>
/// Scenarios whose replications make one report together (<see cref="Replications.RunPooled"/>): a setup measured
/// several times at different machine speeds, each measurement simulated at its own.
/// </summary>
/// <param name="Shown">the scenario the report's setup is taken from</param>
/// <param name="Members">the scenarios simulated, each with its own replications</param>
public sealed record ScenarioGroup(Scenario Shown, IReadOnlyList<Scenario> Members)
{
    /// <summary>One scenario alone: its report is <see cref="Replications.Run(Scenario, ReplicationOptions?)"/>'s.
    /// </summary>
    public static ScenarioGroup Of(Scenario scenario) => new(scenario, [scenario]);
}
