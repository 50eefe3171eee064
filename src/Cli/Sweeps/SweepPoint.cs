using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Sweeps;

/// <summary>A point of the grid, resolved to a validated scenario before anything runs.</summary>
public sealed record SweepPoint(
    int Index,
    IReadOnlyDictionary<string, string> Values,
    Scenario Scenario);
