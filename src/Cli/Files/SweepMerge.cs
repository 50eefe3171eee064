using System.Text.Json;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Files;

/// <summary>
/// Joins shards of one sweep; refuses shards of different sweeps, overlaps and (unless allowed) gaps.
/// </summary>
public static class SweepMerge
{
    public static SweepFile Merge(IReadOnlyList<(string File, SweepFile Sweep)> parts, bool allowPartial)
    {
        if (parts.Count == 0)
        {
            throw new UsageException("merge needs at least one sweep file");
        }
        (string? firstFile, SweepFile? first) = parts[0];
        string signature = Signature(first);
        foreach ((string? file, SweepFile? sweep) in parts.Skip(1))
        {
            if (Signature(sweep) != signature)
            {
                throw new UsageException($"{file} is not a shard of the same sweep as {firstFile} (scenario, --vary, " +
                    $"replications, seed or shard count differ)");
            }
        }
        var seen = new Dictionary<int, string>();
        foreach ((string? file, SweepFile? sweep) in parts)
        {
            foreach (SweepRow row in sweep.Points)
            {
                if (!seen.TryAdd(row.Index, file))
                {
                    throw new UsageException($"point {row.Index} is in both {seen[row.Index]} and {file}: the same " +
                        $"shard given twice?");
                }
            }
        }
        var shards = parts.SelectMany(p => p.Sweep.Shards).Distinct().Order().ToList();
        var missing = Enumerable.Range(0, first.ShardCount).Except(shards).ToList();
        if (missing.Count > 0 && !allowPartial)
        {
            throw new UsageException($"missing shard(s) " +
                $"{string.Join(", ", missing.Select(m => $"{m}/{first.ShardCount}"))}; pass --allow-partial to merge " +
                $"what is there");
        }
        var points = parts.SelectMany(p => p.Sweep.Points).OrderBy(r => r.Index).ToList();
        return first with
        {
            Shards = shards,
            ElapsedSeconds = parts.Sum(p => p.Sweep.ElapsedSeconds),
            Points = points,
        };
    }

    private static string Signature(SweepFile s) => JsonSerializer.Serialize(
        new { s.Scenario, s.Vary, s.Replications, s.Seed, s.PointsTotal, s.ShardCount }, RunReportJson.Options);
}
