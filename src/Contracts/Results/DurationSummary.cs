namespace FanoutSim.Model.Results;

/// <summary>Seconds; the statistics k6 prints for a trend metric.</summary>
public sealed record DurationSummary(double Avg, double Min, double Med, double Max, double P90, double P95)
{
    public static readonly DurationSummary Empty = new(0, 0, 0, 0, 0, 0);

    /// <summary>Summarises samples with k6's percentile rule (linear interpolation between ranks).</summary>
    public static DurationSummary Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            return Empty;
        }
        double[] sorted = samples.ToArray();
        Array.Sort(sorted);
        return new DurationSummary(sorted.Average(), sorted[0], Percentile(sorted, 50), sorted[^1],
            Percentile(sorted, 90), Percentile(sorted, 95));
    }

    private static double Percentile(double[] sorted, double p)
    {
        double rank = p / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
