using FanoutSim.Model.Results;

namespace FanoutSim.Model.Runs;

/// <summary>Field-by-field mean of replications' metrics (counts rounded to whole messages).</summary>
public static class MetricsMean
{
    public static RunMetrics Of(IReadOnlyList<RunMetrics> runs)
    {
        if (runs.Count == 1)
        {
            return runs[0];
        }
        long Mean(Func<RunMetrics, long> f) => (long)Math.Round(runs.Average(r => (double)f(r)));
        double Avg(Func<RunMetrics, double> f) => runs.Average(f);
        var durations = DurationSummary.Mean([.. runs.Select(r => r.WsSessionDuration)]);
        return new RunMetrics(
            Mean(r => r.WsMsgsSent), Mean(r => r.WsMsgsReceived), Mean(r => r.Expected),
            Avg(r => r.DeliveryRatio), Avg(r => r.DeliveredPerSecond), Avg(r => r.SentPerSecond),
            Avg(r => r.DurationSeconds), durations, Mean(r => r.WsSessions), Mean(r => r.WsConnectFailures),
            Mean(r => r.Dropped))
        {
            Churn = runs[0].Churn is null ? null : ChurnMetrics.Mean([.. runs.Select(r => r.Churn!)]),
            WsConnecting = MeanOf(runs, r => r.WsConnecting),
            WsConnectingFailed = MeanOf(runs, r => r.WsConnectingFailed),
            WsClosing = MeanOf(runs, r => r.WsClosing),
        };
    }

    /// <summary>The mean of the replications that recorded a summary; null when none did.</summary>
    private static DurationSummary? MeanOf(IReadOnlyList<RunMetrics> runs, Func<RunMetrics, DurationSummary?> f)
    {
        DurationSummary[] recorded = [.. runs.Select(f).OfType<DurationSummary>()];
        return recorded.Length == 0 ? null : DurationSummary.Mean(recorded);
    }
}
