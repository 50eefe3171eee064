using System.Globalization;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Runs;

/// <summary>Runs a scenario's replications (through <see cref="Replications"/>) and summarises them.</summary>
public static class ScenarioRunner
{
    /// <param name="exact">simulate every delivery as its own job and event (slow; the reference for the batched
    /// path)</param>
    public static RunReport Run(Scenario scenario, int? maxParallelism = null, bool exact = false) =>
        Replications.Run(scenario, new ReplicationOptions(maxParallelism, exact));

    public static RunReport Summarise(Scenario scenario, IReadOnlyList<ChatOutcome> outcomes)
    {
        var metrics = outcomes.Select(o => o.Metrics).ToList();
        RunMetrics mean = MetricsMean.Of(metrics);
        var resources = outcomes[0].Resources
            .Select((r, i) => new ResourceUsage(r.Id,
                outcomes.Average(o => o.Resources[i].Utilization),
                outcomes.Average(o => o.Resources[i].MeanQueue),
                outcomes.Max(o => o.Resources[i].MaxQueue)))
            .ToList();
        RunConfidence? confidence = outcomes.Count < 2 ? null : new RunConfidence(
            outcomes.Count,
            ConfidenceInterval.Of(metrics.Select(m => m.DeliveryRatio).ToList()).HalfWidth,
            ConfidenceInterval.Of(metrics.Select(m => m.DeliveredPerSecond).ToList()).HalfWidth,
            ConfidenceInterval.Of(metrics.Select(m => (double)m.WsMsgsSent).ToList()).HalfWidth,
            ConfidenceInterval.Of(metrics.Select(m => m.WsSessionDuration.Avg).ToList()).HalfWidth);
        var environment = new Dictionary<string, string>
        {
            ["forwarded_after_client_close"] = Format(outcomes.Average(o => (double)o.ForwardedLate)),
            ["redis_egress_bytes"] = Format(outcomes.Average(o => o.RedisEgressBytes)),
            ["cpu_jobs"] = Format(outcomes.Average(o => (double)o.CpuJobs)),
            ["forwarder_turns"] = Format(outcomes.Average(o => (double)o.ForwarderTurns)),
            ["forwarder_writes"] = Format(outcomes.Average(o => (double)o.ForwarderWrites)),
            ["inbound_after_copies"] = Format(outcomes.Average(o => (double)o.InboundAfterCopies)),
            ["publish_connects"] = Format(outcomes.Average(o => (double)o.PublishConnects)),
            ["inbound_pending_at_end"] = Format(outcomes.Average(o => (double)o.InboundPendingAtEnd)),
            // How long the tasks held messages before Redis had them (the replica's server_counters.publish_lag).
            ["publish_lag_p50"] = Format(outcomes.Average(o => o.PublishLag?.P50 ?? 0)),
            ["publish_lag_p95"] = Format(outcomes.Average(o => o.PublishLag?.P95 ?? 0)),
            ["publish_lag_max"] = Format(outcomes.Average(o => o.PublishLag?.Max ?? 0)),
            ["events"] = Format(outcomes.Average(o => (double)o.Events)),
            ["peak_pending_events"] = Format(outcomes.Max(o => o.PeakPendingEvents)),
            ["hit_time_limit"] = outcomes.Any(o => o.HitTimeLimit) ? "true" : "false",
        };
        RedisShapingMetrics? shaping = outcomes[0].RedisShaping is null
            ? null
            : RedisShapingMetrics.Mean(outcomes.Select(o => o.RedisShaping!).ToList());
        foreach (string kind in outcomes[0].EventsByKind.Keys)
        {
            if (shaping is null && s_shapedEgressOnly.Contains(kind))
            {
                continue;
            }
            environment["events_" + kind] = Format(outcomes.Average(o => (double)o.EventsByKind[kind]));
        }
        TaskMemoryPeak? memory = outcomes[0].TaskMemory is null
            ? null
            : TaskMemoryPeak.Worst(outcomes.Select(o => o.TaskMemory!).ToList());
        return new RunReport(
            RunReport.CurrentSchema,
            RunReport.SimulatedSource,
            SetupOf(scenario),
            mean,
            resources,
            ChatOutcomeBuilder.Bottleneck(resources, shaping, memory),
            outcomes.Count > 1 ? metrics : [],
            confidence,
            environment)
        {
            RedisShaping = shaping,
            DeliveryLatency = outcomes[0].Latency is null
                ? null
                : LatencySummary.Mean(outcomes.Select(o => o.Latency!).ToList()),
            RedisEgressPeaks = outcomes[0].EgressPeaks is null
                ? null
                : EgressPeaks.Mean(outcomes.Select(o => o.EgressPeaks!).ToList()),
            RoomClasses = outcomes[0].RoomClasses is null
                ? null
                : RoomClassMetrics.Mean(outcomes.Select(o => o.RoomClasses!).ToList()),
            TaskMemory = memory,
        };
    }

    // Event kinds only a shaped Redis egress has; a fluid one's report does not list them.
    private static readonly string[] s_shapedEgressOnly =
        [
            nameof(ChatEventKind.RedisRetransmit), nameof(ChatEventKind.RedisCatchUp),
            nameof(ChatEventKind.RedisDisconnected),
        ];

    public static RunSetup SetupOf(Scenario scenario) => RunSetups.Of(scenario);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
