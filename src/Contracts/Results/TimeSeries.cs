using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>One run sampled at a fixed interval, for time-series plots.</summary>
/// <param name="Source">"simulated", or "measured": then backlogs and Redis egress are not known (empty, 0) and time is
/// wall-clock</param>
public sealed record TimeSeries(
    string Scenario,
    double IntervalSeconds,
    IReadOnlyList<TimeSample> Samples,
    string Source = RunReport.SimulatedSource);

/// <summary>State at <paramref name="Time"/> and rates over the interval that ends there.</summary>
/// <param name="TaskBacklog">messages waiting to be forwarded, per task</param>
/// <param name="TaskCpu">CPU utilisation over the interval, per task (0..1)</param>
/// <param name="RedisEgress">Redis egress link utilisation over the interval (0..1)</param>
public sealed record TimeSample(
    double Time,
    IReadOnlyList<long> TaskBacklog,
    IReadOnlyList<double> TaskCpu,
    double RedisEgress,
    double RedisEgressMbps,
    double DeliveredPerSecond,
    double SentPerSecond,
    int OpenConnections)
{
    /// <summary>
    /// Measured runs: CPU that processes other than the run's own used over the interval, in cores (the
    /// contamination guard); absent in simulated runs and in runs measured before the guard.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ForeignCpuCores { get; init; }

    /// <summary>Measured runs: CPU time the hypervisor stole over the interval, in cores.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? StealCores { get; init; }

    /// <summary>
    /// Measured runs with the in-run speed sampler: each CPU's speed over the interval (envelopes per CPU-second,
    /// in CPU order; null for a CPU never sampled).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double?>? CpuSpeed { get; init; }

    /// <summary>Measured runs with --server-cpuacct and the sampler: the servers' CPU seconds on each CPU over the
    /// interval, in CPU order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? ServerCpuSecondsPercpu { get; init; }
}
