using System.Globalization;

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

    /// <summary>Statistic-by-statistic mean of several runs' summaries (replications).</summary>
    public static DurationSummary Mean(IReadOnlyList<DurationSummary> runs) => new(runs.Average(d => d.Avg),
        runs.Average(d => d.Min), runs.Average(d => d.Med), runs.Average(d => d.Max), runs.Average(d => d.P90),
        runs.Average(d => d.P95));

    /// <summary>Like <see cref="Of"/>, but null for no samples (a summary nothing was recorded for).</summary>
    public static DurationSummary? OfAny(IReadOnlyList<double> samples) => samples.Count == 0 ? null : Of(samples);

    /// <summary>"avg=3.21ms min=... p(95)=1.02s": each statistic in milliseconds below a second (as k6 prints
    /// them), seconds from one up.</summary>
    public string Text() =>
        $"avg={Unit(Avg)} min={Unit(Min)} med={Unit(Med)} max={Unit(Max)} p(90)={Unit(P90)} p(95)={Unit(P95)}";

    private static string Unit(double seconds) => seconds < 1
        ? (seconds * 1000).ToString("0.##", CultureInfo.InvariantCulture) + "ms"
        : seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static double Percentile(double[] sorted, double p)
    {
        double rank = p / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
