using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// A sweep of a rooms or sharded scenario as lines of utilisation (%) of its busiest resources at each point: the
/// busiest task's CPU, and the busiest Redis shard's CPU and egress (a sweep row keeps the busiest shard's, which is
/// where a sharded layer gives out first), against the swept key (<see cref="SweepX"/>).
/// </summary>
internal static class BusiestSeries
{
    private static readonly string[] s_shardKeys = ["redis_shards", "redis_topology"];

    /// <summary>The chart's data, or null for a sweep of one room on one node, or one that varies nothing.</summary>
    public static SweepLines? From(SweepFile sweep)
    {
        bool rooms = sweep.Points.Count > 0 && sweep.Points.All(p => p.RoomClasses is { Count: > 0 });
        bool sharded = sweep.Vary.Any(a => s_shardKeys.Contains(a.Key));
        if (!rooms && !sharded || SweepX.Pick(sweep) is not { } x)
        {
            return null;
        }
        var lines = new List<SweepLine>();
        foreach ((string group, List<SweepRow> rows) in x.Groups(sweep))
        {
            string suffix = group.Length > 0 ? $" ({group})" : "";
            double[] xs = rows.Select(x.Of).ToArray();
            lines.Add(new SweepLine("busiest task's CPU" + suffix, 2, group, xs,
                rows.Select(r => r.MaxTaskCpu * 100).ToArray()));
            lines.Add(new SweepLine("busiest Redis shard's CPU" + suffix, 0, group, xs,
                rows.Select(r => r.RedisCpu * 100).ToArray()));
            lines.Add(new SweepLine("busiest Redis shard's egress" + suffix, 1, group, xs,
                rows.Select(r => r.RedisEgress * 100).ToArray()));
        }
        return new SweepLines(x.Key, x.Label, x.Categories, lines);
    }
}
