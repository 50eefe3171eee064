using FanoutSim.Model.Results;

namespace FanoutSim.Model.Chat;

/// <summary>The raw outcome of one replication, before it is summarised into a report.</summary>
public sealed record ChatOutcome(
    RunMetrics Metrics,
    IReadOnlyList<ResourceUsage> Resources,
    ResourceId Bottleneck,
    long ForwardedLate,
    double RedisEgressBytes,
    long CpuJobs,
    long Events,
    bool HitTimeLimit,
    IReadOnlyDictionary<string, long> EventsByKind,
    int PeakPendingEvents,
    RedisShapingMetrics? RedisShaping = null,
    EgressPeaks? EgressPeaks = null,
    LatencySummary? Latency = null,
    IReadOnlyList<RoomClassMetrics>? RoomClasses = null,
    TaskMemoryPeak? TaskMemory = null)
{
    /// <summary>Turns the connections' writers took and the copies they wrote (their ratio: a turn's depth).</summary>
    public long ForwarderTurns { get; init; }

    public long ForwarderWrites { get; init; }

    /// <inheritdoc cref="ChatCounters.InboundAfterCopies"/>
    public long InboundAfterCopies { get; init; }

    /// <inheritdoc cref="ChatCounters.PublishConnects"/>
    public long PublishConnects { get; init; }

    /// <summary>Messages the tasks had received and their handlers not yet taken when the run ended: set beside the
    /// replica's inbound messages taken after the load's end (calibration/python-timeline.py --run).</summary>
    public long InboundPendingAtEnd { get; init; }

    /// <summary>Send-to-PUBLISH seconds of the published messages (<see cref="DeliveryLatency.PublishLag"/>).</summary>
    public LatencySummary? PublishLag { get; init; }
}
