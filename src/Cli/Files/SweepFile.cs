using FanoutSim.Cli.Sweeps;

namespace FanoutSim.Cli.Files;

/// <summary>A sweep (or one shard of it) as written to JSON; `merge` joins shards of the same sweep.</summary>
/// <param name="PointsTotal">points in the full grid, whatever the shard</param>
/// <param name="Shards">shard indices this file holds, out of <paramref name="ShardCount"/></param>
public sealed record SweepFile(
    string Schema,
    string Scenario,
    string ScenarioFile,
    IReadOnlyList<SweepAxis> Vary,
    int Replications,
    ulong Seed,
    int PointsTotal,
    int ShardCount,
    IReadOnlyList<int> Shards,
    double ElapsedSeconds,
    IReadOnlyList<SweepRow> Points)
{
    public const string CurrentSchema = "fanoutsim.sweep/1";

    public bool Complete => Points.Count == PointsTotal;
}
