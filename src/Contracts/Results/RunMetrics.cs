using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>k6-style end-of-test metrics of one run (or the mean over replications).</summary>
public sealed record RunMetrics(
    long WsMsgsSent,
    long WsMsgsReceived,
    long Expected,
    double DeliveryRatio,
    double DeliveredPerSecond,
    double SentPerSecond,
    double DurationSeconds,
    DurationSummary WsSessionDuration,
    long WsSessions,
    long WsConnectFailures,
    long Dropped)
{
    /// <summary>Connects and disconnects of users coming back; null for a workload without churn.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChurnMetrics? Churn { get; init; }
}
