namespace FanoutSim.Model.Runs;

/// <summary>
/// How replications run; none of these changes a result, only how fast it comes or what else is kept.
/// </summary>
/// <param name="MaxParallelism">simulations at once (default: every core)</param>
/// <param name="Exact">simulate every delivery as its own job and event (slow; the reference for the batched
/// path)</param>
/// <param name="SampleEverySeconds">keep replication 0's time series, sampled this often in simulated time</param>
public sealed record ReplicationOptions(
    int? MaxParallelism = null,
    bool Exact = false,
    double? SampleEverySeconds = null,
    CancellationToken Cancellation = default)
{
    public static readonly ReplicationOptions Default = new();

    /// <summary>Where the replications report how far they have come (for a display); null = nowhere.</summary>
    public RunProgress? Progress { get; init; }
}
