namespace FanoutSim.Model.Results;

/// <summary>
/// Delivery latency: from the moment a client sends a message to the moment another client receives it, in
/// seconds (means over replications). A simulated run samples every eighth delivery; a measured one, every one.
/// </summary>
public sealed record LatencySummary(double P50, double P95, double P99, double Max, long Samples)
{
    public static LatencySummary Mean(IReadOnlyList<LatencySummary> runs) => new(
        runs.Average(r => r.P50), runs.Average(r => r.P95), runs.Average(r => r.P99), runs.Average(r => r.Max),
        (long)runs.Average(r => r.Samples));
}
