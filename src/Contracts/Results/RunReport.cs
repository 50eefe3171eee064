namespace FanoutSim.Model.Results;

/// <summary>
/// One run, simulated or measured, in the schema shared by `fanoutsim run --json` and
/// `fanoutsim load --json` so that the two compare field by field.
/// </summary>
public sealed record RunReport(
    string Schema,
    string Source,
    RunSetup Setup,
    RunMetrics Metrics,
    IReadOnlyList<ResourceUsage> Resources,
    ResourceId Bottleneck,
    IReadOnlyList<RunMetrics> Replications,
    RunConfidence? Confidence,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The run over time (measured runs sample it every second; simulated ones only with `fanoutsim run
    /// --sample`, replication 0).</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TimeSeries? TimeSeries { get; init; }

    /// <summary>What a shaped Redis egress queued, dropped and retransmitted; null when the egress is a fluid pipe.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public RedisShapingMetrics? RedisShaping { get; init; }

    /// <summary>Redis egress at its busiest over short windows (simulated runs; measured ones leave it out).</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public EgressPeaks? RedisEgressPeaks { get; init; }

    /// <summary>Send-to-receipt latency of the deliveries; null for a run that did not measure it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? DeliveryLatency { get; init; }

    /// <summary>Each room class's delivery, for a workload of several room classes; null for one room.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RoomClassMetrics>? RoomClasses { get; init; }

    /// <summary>
    /// The most memory a task had in use, when the profile gives connections memory; null otherwise (nothing but
    /// buffers, which the buffer limit keeps within the task).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TaskMemoryPeak? TaskMemory { get; init; }

    /// <summary>Measured runs: each own process' CPU and each server's throttling per interval; null otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ProcessCpuTimeline? ProcessCpu { get; init; }

    /// <summary>Replication 0's egress at a fine grain, when the run was sampled for plots; never written.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public EgressTrace? EgressTrace { get; init; }

    public const string CurrentSchema = "fanoutsim.run/1";
    public const string SimulatedSource = "simulated";
    public const string MeasuredSource = "measured";
}
