namespace FanoutSim.Model.Results;

/// <summary>What a shaped Redis egress did to a run's copies (simulated; means over replications). A packet is one
/// copy, or, with a link MSS (`redis_shaping_mss_bytes`), a segment of a held-back subscriber's coalesced copies.
/// </summary>
/// <param name="PacketsOffered">copies sent to the shaper, retransmissions included</param>
/// <param name="PacketsShaped">copies queued or dropped because the allowance was exceeded: what AWS counts as
/// NetworkBandwidthOutAllowanceExceeded</param>
/// <param name="PacketsDropped">copies the full shaping queue dropped (each is retransmitted by TCP)</param>
/// <param name="Retransmissions">times a lost copy was sent again (at its subscriber's next copy, or when its
/// retransmission timeout fired)</param>
public sealed record RedisShapingMetrics(
    double PacketsOffered,
    double PacketsShaped,
    double PacketsDropped,
    double Retransmissions)
{
    /// <summary>
    /// A shaper that drops at least this share of the copies limits the run, however idle it looks on average: every
    /// drop stalls a subscriber for a retransmission timeout.
    /// </summary>
    public const double LimitingDropShare = 0.01;

    public bool LimitsRun => DropShare >= LimitingDropShare;

    /// <summary>Share of offered copies the shaper dropped.</summary>
    public double DropShare => PacketsOffered > 0 ? PacketsDropped / PacketsOffered : 0;

    /// <summary>Subscribers Redis disconnected for passing `client-output-buffer-limit pubsub`.</summary>
    public double Disconnects { get; init; }

    /// <summary>Copies those disconnects discarded (for a task's subscription, one per local connection).</summary>
    public double CopiesLost { get; init; }

    /// <summary>Of the retransmissions, those a retransmission or probe timer made (nothing else pushed the
    /// subscriber's socket); reported with per-iteration writes only (`redis_iteration_writes`), else null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? TimerRetries { get; init; }

    /// <summary>Held-back subscribers whose connection the kernel aborted after failed timer retries
    /// (`redis_abort_after_probes`); reported only when the profile sets it, else null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? ProbeAborts { get; init; }

    /// <summary>Subscribers held back from their first copies (fresh heads) whose head later got through, beside
    /// <see cref="ProbeAborts"/>; reported only when the profile spreads probes (`redis_probe_spread`), else null.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? FreshHeadsThrough { get; init; }

    public static RedisShapingMetrics Mean(IReadOnlyList<RedisShapingMetrics> runs) => new(
        runs.Average(r => r.PacketsOffered), runs.Average(r => r.PacketsShaped), runs.Average(r => r.PacketsDropped),
        runs.Average(r => r.Retransmissions))
    {
        Disconnects = runs.Average(r => r.Disconnects),
        CopiesLost = runs.Average(r => r.CopiesLost),
        TimerRetries = runs[0].TimerRetries is null ? null : runs.Average(r => r.TimerRetries!.Value),
        ProbeAborts = runs[0].ProbeAborts is null ? null : runs.Average(r => r.ProbeAborts!.Value),
        FreshHeadsThrough = runs[0].FreshHeadsThrough is null ? null : runs.Average(r => r.FreshHeadsThrough!.Value),
    };
}
