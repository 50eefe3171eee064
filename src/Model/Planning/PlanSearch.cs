using System.Globalization;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// Cheapest deployments that meet a delivery target. Candidates are walked in price order; the fluid
/// bound rejects most of them for free (it is never beaten, so nothing it rejects could pass), and
/// only the rest are simulated, until enough pass or the simulation budget runs out.
/// </summary>
public static class PlanSearch
{
    /// <summary>A single replication this far below the threshold is a miss whatever the others say.</summary>
    public const double ScreeningMargin = 0.02;

    public static List<PlanCandidate> Candidates(IReadOnlyList<int> taskCounts, IReadOnlyList<FargateSize> sizes,
        IReadOnlyList<RedisNodeType> nodes, IReadOnlyList<SubscriptionMode> modes, PlanPrices prices) =>
        Candidates(taskCounts, sizes, nodes, modes, prices, [RedisLayout.Single]);

    /// <summary>
    /// Every combination, cheapest first; ties go to fewer tasks, smaller tasks, the node's name, the mode, then the
    /// layout (topology, then fewer shards), so the order is the same on every run. A sharded layout takes the node
    /// as a fluid link: millisecond shaping is modelled for one node only.
    /// </summary>
    public static List<PlanCandidate> Candidates(IReadOnlyList<int> taskCounts, IReadOnlyList<FargateSize> sizes,
        IReadOnlyList<RedisNodeType> nodes, IReadOnlyList<SubscriptionMode> modes, PlanPrices prices,
        IReadOnlyList<RedisLayout> layouts) =>
        Ordered(from tasks in taskCounts
                from size in sizes
                from node in nodes
                from mode in modes
                from layout in layouts
                let shardNode = layout.IsSingle ? node : node with { Shaping = null }
                select new PlanCandidate(tasks, size, shardNode, mode,
                    PlanCandidate.Cost(tasks, size, node, prices, layout.Shards))
                {
                    Layout = layout,
                });

    /// <summary>
    /// Each candidate with the least whole GB of task memory its connections need (<see cref="MemoryBound"/>; the
    /// size's least when that holds them, as it always does when connections hold no memory), repriced and put back
    /// in price order. A candidate whose size cannot hold them keeps the size's most, for the bound to rule out.
    /// </summary>
    public static List<PlanCandidate> SizedForMemory(IReadOnlyList<PlanCandidate> candidates, Scenario scenario,
        PlanPrices prices) =>
        Ordered(candidates.Select(c =>
        {
            double need = MemoryBound.LeastPeakGb(c.Apply(scenario));
            double memory = MemoryBound.FittingMemoryGb(c.Size, need);
            // The node's price, not the shard node's (which only drops shaping): as Candidates charges it.
            return memory == c.Size.MinMemoryGb ? c : c with
            {
                MemoryGb = memory,
                DollarsPerHour = c.DollarsPerHour + c.Tasks * (memory - c.Size.MinMemoryGb) * prices.PerGbHour,
            };
        }));

    private static List<PlanCandidate> Ordered(IEnumerable<PlanCandidate> candidates) =>
        candidates
        .OrderBy(c => c.DollarsPerHour)
        .ThenBy(c => c.Tasks)
        .ThenBy(c => c.Size.Vcpu)
        .ThenBy(c => c.Node.Name, StringComparer.Ordinal)
        .ThenBy(c => c.Mode)
        .ThenBy(c => c.Layout.Topology)
        .ThenBy(c => c.Layout.Shards)
        .ToList();

    public static PlanResult Search(Scenario scenario, IReadOnlyList<PlanCandidate> candidates, TargetRule target,
        Func<Scenario, RunReport> run, int wanted = 3, int maxSimulations = 40)
    {
        var cheapest = new List<PlanEvaluation>();
        var failures = new List<PlanEvaluation>();
        int pruned = 0, simulated = 0;
        bool exhausted = false;
        // Tasks, size and mode that already failed on task CPU: another Redis node or layout cannot rescue them.
        var cpuFailed = new Dictionary<(int, double, SubscriptionMode), PlanCandidate>();
        foreach (PlanCandidate candidate in candidates.OrderBy(c => c.DollarsPerHour))
        {
            if (cheapest.Count >= wanted)
            {
                break;
            }
            Scenario s = candidate.Apply(scenario);
            FluidEstimate bound = FluidBound.Of(s);
            double threshold = target.Threshold(s);
            double leastMemory = MemoryBound.LeastPeakGb(s);
            if (leastMemory > s.Deployment.TaskMemoryGb)
            {
                // Its connections alone would not fit in a task: however it delivers, it would run out of memory.
                pruned++;
                failures.Add(new PlanEvaluation(candidate, bound, threshold, null, false,
                    Invariant($"task memory: at least {leastMemory:0.###} GB in use > ") +
                    Invariant($"{s.Deployment.TaskMemoryGb:0.###} GB (every user's connection open at once)")));
                continue;
            }
            if (bound.MaxRatio < threshold)
            {
                pruned++;
                failures.Add(
                    new PlanEvaluation(candidate, bound, threshold, null, false, BoundReason(bound, threshold)));
                continue;
            }
            if (cpuFailed.TryGetValue((candidate.Tasks, candidate.Size.Vcpu, candidate.Mode),
                out PlanCandidate? failed))
            {
                failures.Add(new PlanEvaluation(candidate, bound, threshold, null, false,
                    failed.Layout == candidate.Layout
                        ? "the same tasks failed on task cpu with another Redis node"
                        : "the same tasks failed on task cpu with another Redis layout " +
                            $"({failed.Layout.Describe(failed.Node)})")
                {
                    SkippedAfterCpuFailure = true,
                });
                continue;
            }
            if (simulated >= maxSimulations)
            {
                exhausted = true;
                break;
            }
            simulated++;
            // Screen with one replication: a clear miss needs no confidence interval.
            RunReport report = run(s with { Replications = 1 });
            if (report.Metrics.DeliveryRatio >= threshold - ScreeningMargin && s.Replications > 1)
            {
                report = run(s);
            }
            // A task that ran out of memory fails whatever it delivered: a real one would have been killed.
            bool meets = target.Meets(s, report) && report.TaskMemory is not { Exceeded: true };
            var evaluation = new PlanEvaluation(candidate, bound, threshold, report, meets,
                meets ? "" : SimulatedReason(report, threshold, target));
            (meets ? cheapest : failures).Add(evaluation);
            if (!meets && report.Bottleneck.IsTaskCpu)
            {
                cpuFailed.TryAdd((candidate.Tasks, candidate.Size.Vcpu, candidate.Mode), candidate);
            }
        }
        return new PlanResult(cheapest, failures, candidates.Count, pruned, simulated, exhausted);
    }

    private static string BoundReason(FluidEstimate bound, double threshold)
    {
        ResourceLoad binding = bound.Resources.MinBy(r => r.RatioLimit)!;
        return binding.RatioLimit < threshold
            ? Invariant(
                $"{binding.Name} offered {binding.OfferedUtilization * 100:0}% (bound {bound.MaxRatio * 100:0.0}%)")
            : Invariant($"session gaps cap the ratio at {bound.CeilingRatio * 100:0.0}%");
    }

    private static string SimulatedReason(RunReport report, double threshold, TargetRule target)
    {
        if (report.TaskMemory is { Exceeded: true } memory)
        {
            return Invariant($"{report.Bottleneck}: peak {memory.PeakGb:0.###} GB > {memory.TaskMemoryGb:0.###} GB ") +
                "(out of memory)";
        }
        double ratio = report.Metrics.DeliveryRatio;
        if (ratio >= threshold - 1e-12 && target.P99Seconds is { } limit)
        {
            return Invariant($"p99 latency {(report.DeliveryLatency?.P99 ?? double.NaN) * 1000:0} ms > ") +
                Invariant($"{limit * 1000:0} ms");
        }
        // As many decimals as it takes for the printed comparison to be visibly true ("93.18% < 93.20%").
        int digits = 1;
        while (digits < 4 && Percent(ratio, digits) == Percent(threshold, digits))
        {
            digits++;
        }
        string spread = report.Replications.Count > 1 && report.Confidence is { } ci
            ? Invariant($" ± {Percent(ci.DeliveryRatioHalfWidth, digits)}")
            : "";
        return Invariant($"simulated {Percent(ratio, digits)}%{spread} < {Percent(threshold, digits)}%, ")
            + Invariant($"{report.Bottleneck} busiest");
    }

    private static string Percent(double share, int digits) =>
        (share * 100).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
