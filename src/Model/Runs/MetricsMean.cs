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
        var durations = new DurationSummary(
            Avg(r => r.WsSessionDuration.Avg), Avg(r => r.WsSessionDuration.Min), Avg(r => r.WsSessionDuration.Med),
            Avg(r => r.WsSessionDuration.Max), Avg(r => r.WsSessionDuration.P90), Avg(r => r.WsSessionDuration.P95));
        return new RunMetrics(
            Mean(r => r.WsMsgsSent), Mean(r => r.WsMsgsReceived), Mean(r => r.Expected),
            Avg(r => r.DeliveryRatio), Avg(r => r.DeliveredPerSecond), Avg(r => r.SentPerSecond),
            Avg(r => r.DurationSeconds), durations, Mean(r => r.WsSessions), Mean(r => r.WsConnectFailures),
            Mean(r => r.Dropped))
        {
            Churn = runs[0].Churn is null ? null : ChurnMetrics.Mean([.. runs.Select(r => r.Churn!)]),
        };
    }
}
