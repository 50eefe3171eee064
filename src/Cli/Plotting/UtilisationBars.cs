using System.Globalization;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Plotting;

/// <summary>One group of bars: a Redis node's CPU and egress, or a task's CPU (no egress), in per cent.</summary>
internal sealed record UtilisationGroup(string Label, double CpuPercent, double? EgressPercent);

/// <summary>What the utilisation chart draws, as plain numbers: Redis nodes first (shard order), then tasks.</summary>
/// <param name="TasksSummarised">too many tasks to draw one by one: the busiest, the mean and the least busy</param>
internal sealed record UtilisationChart(string Bottleneck, IReadOnlyList<UtilisationGroup> Redis,
    IReadOnlyList<UtilisationGroup> Tasks, bool TasksSummarised);

/// <summary>
/// A run's utilisation per resource, as a capacity planner compares them: each Redis shard's CPU and egress side by
/// side (the busiest shard is where a sharded layer gives out first), then each task's CPU.
/// </summary>
internal static class UtilisationBars
{
    /// <summary>Beyond this many tasks one bar each is a comb: show the busiest, the mean and the least busy.</summary>
    public const int MaxTaskBars = 16;

    /// <summary>The chart's data, or null when the run names no resource.</summary>
    public static UtilisationChart? From(RunReport report)
    {
        var redis = new List<UtilisationGroup>();
        IOrderedEnumerable<IGrouping<int, ResourceUsage>> shards = report.Resources
            .Where(r => r.Id.Kind is ResourceKind.RedisCpu or ResourceKind.RedisEgress)
            .GroupBy(r => r.Id.Index)
            .OrderBy(g => g.Key);
        foreach (IGrouping<int, ResourceUsage> shard in shards)
        {
            double? cpu = shard.FirstOrDefault(r => r.Id.Kind == ResourceKind.RedisCpu)?.Utilization;
            double? egress = shard.FirstOrDefault(r => r.Id.Kind == ResourceKind.RedisEgress)?.Utilization;
            string label = shard.Key == ResourceId.EveryTask
                ? "redis"
                : string.Create(CultureInfo.InvariantCulture, $"redis-{shard.Key}");
            redis.Add(new UtilisationGroup(label, (cpu ?? 0) * 100, egress * 100));
        }
        var tasks = report.Resources
            .Where(r => r.Id.IsTaskCpu && r.Id.Index != ResourceId.EveryTask)
            .OrderBy(r => r.Id.Index)
            .Select(r => new UtilisationGroup(
                string.Create(CultureInfo.InvariantCulture, $"task-{r.Id.Index}"), r.Utilization * 100, null))
            .ToList();
        if (redis.Count == 0 && tasks.Count == 0)
        {
            return null;
        }
        bool summarise = tasks.Count > MaxTaskBars;
        if (summarise)
        {
            UtilisationGroup busiest = tasks.MaxBy(t => t.CpuPercent)!;
            UtilisationGroup least = tasks.MinBy(t => t.CpuPercent)!;
            tasks =
            [
                busiest with { Label = $"busiest ({busiest.Label})" },
                new UtilisationGroup(string.Create(CultureInfo.InvariantCulture, $"mean of {tasks.Count} tasks"),
                    tasks.Average(t => t.CpuPercent), null),
                least with { Label = $"least busy ({least.Label})" },
            ];
        }
        return new UtilisationChart(report.Bottleneck.ToString(), redis, tasks, summarise);
    }
}
