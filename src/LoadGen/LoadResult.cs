using FanoutSim.Model.Results;

namespace FanoutSim.LoadGen;

/// <summary>The raw outcome of a load run, before it is shaped into a RunReport.</summary>
/// <param name="ServerDropped">messages the servers discarded from full outbound queues during the run (their
/// /metrics), null if unknown</param>
public sealed record LoadResult(
    long Sent,
    long Received,
    long Sessions,
    long ConnectFailures,
    long SessionsCutShort,
    long ClosesAbandoned,
    IReadOnlyList<double> SessionSeconds,
    double WallSeconds,
    double LoadGenCpuSeconds,
    int CoresAvailable,
    bool HitMaxDuration,
    IReadOnlyList<ServerCpu> ServerCpu,
    RedisInfoProbe.Counters? RedisDelta,
    long? ServerDropped = null)
{
    /// <summary>Client counters and server CPU clocks once a second (empty when not sampled).</summary>
    public IReadOnlyList<LoadSample> Timeline { get; init; } = [];

    /// <summary>When the measured run started, in <see cref="System.Diagnostics.Stopwatch"/> ticks: the timeline's 0.
    /// </summary>
    public long Started { get; init; }

    /// <summary>The in-run speed sampler's slices on the run's clock (empty without --speed-timeline).</summary>
    public IReadOnlyList<SpeedSample> SpeedSamples { get; init; } = [];

    /// <summary>CPU seconds the in-run speed sampler's process used from its first slice to its stop (about the
    /// run, and the reads just before and after it); null without it.</summary>
    public double? SpeedSamplerCpuSeconds { get; init; }

    /// <summary>Wall seconds over which <see cref="SpeedSamplerCpuSeconds"/> was used (0: unknown, the run's).
    /// </summary>
    public double SpeedSamplerWallSeconds { get; init; }

    /// <summary>The pace the in-run speed sampler ran at (its default without --speed-timeline).</summary>
    public SamplerPace SpeedSamplerPace { get; init; } = SamplerPace.Default;

    /// <summary>The run's processes besides the servers and the load generator (Redis, --own-pid).</summary>
    public IReadOnlyList<int> OwnPids { get; init; } = [];

    /// <summary>What each of <see cref="OwnPids"/> is (its command name, or the sampler's), in the same order.
    /// </summary>
    public IReadOnlyList<string> OwnNames { get; init; } = [];

    /// <summary>The servers' cgroup folders (--server-cgroup), in server order; empty without.</summary>
    public IReadOnlyList<string> ServerCgroups { get; init; } = [];

    /// <summary>Each of <see cref="ServerCgroups"/>' CPU quota in cores at the end of the run (null: none).</summary>
    public IReadOnlyList<double?> ServerQuotaCores { get; init; } = [];

    /// <summary>Each opened session's dial to open (k6's ws_connecting).</summary>
    public IReadOnlyList<double> ConnectSeconds { get; init; } = [];

    /// <summary>Each failed or timed-out dial's start to its failure.</summary>
    public IReadOnlyList<double> FailedConnectSeconds { get; init; } = [];

    /// <summary>Each close's call to closed, or to the close timeout where it was abandoned.</summary>
    public IReadOnlyList<double> CloseSeconds { get; init; } = [];

    /// <summary>Send-to-receipt seconds of every message counted as received (stamped by the sender).</summary>
    public IReadOnlyList<float> Latencies { get; init; } = [];

    /// <summary>Each room class's sends and deliveries, in --rooms order; null for a run in one room.</summary>
    public IReadOnlyList<RoomClassTally>? RoomClasses { get; init; }

    /// <summary>
    /// The servers' CPU seconds on each CPU over the run, from their cpuacct groups; null when none was given, empty
    /// when a group could not be read at the start or the end.
    /// </summary>
    public IReadOnlyList<double>? ServerSecondsPerCpu { get; init; }

    /// <summary>Messages that reached a user of another room than their sender's (not counted as received).</summary>
    public long Foreign { get; init; }

    /// <summary>With churn, the copies owed: each send once per member of its room in a session (dialled and not yet
    /// ended) when it was sent, the model's expected under churn; null without churn (sent x members).</summary>
    public long? ExpectedPresent { get; init; }

    /// <summary>Reconnects and the disconnects before them, as the model reports them; null without churn.</summary>
    public ChurnMetrics? Churn { get; init; }
}

/// <summary>CPU seconds one server process used during the run (null when its /proc entry was unreadable).</summary>
public sealed record ServerCpu(int Pid, double? Seconds)
{
    /// <summary>Of <see cref="Seconds"/>, those spent in the kernel (stime); null when not read.</summary>
    public double? SystemSeconds { get; init; }
}
