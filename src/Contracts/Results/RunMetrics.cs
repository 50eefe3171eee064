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

    /// <summary>k6's ws_connecting: each session's dial to open (TCP connect, upgrade and, on a per-connection
    /// server, its Redis connection and SUBSCRIBE), over the sessions that opened; null in a run file written before
    /// it was recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DurationSummary? WsConnecting { get; init; }

    /// <summary>Not k6's: the dials that failed or timed out, dial to giving up (their count is
    /// <see cref="WsConnectFailures"/>); null when none failed or not recorded (the model's dials never fail).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DurationSummary? WsConnectingFailed { get; init; }

    /// <summary>Not k6's: each session's close call to closed, or to the close timeout where the client gave up on
    /// it (a session cut by the run's end has no close); null when not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DurationSummary? WsClosing { get; init; }

    /// <summary>The connect and close times the run recorded, under their JSON names, for the summaries to print
    /// (none for a run file written before they were recorded).</summary>
    public IEnumerable<(string Name, DurationSummary Times)> ConnectCloseTimes()
    {
        if (WsConnecting is { } connecting)
        {
            yield return ("ws_connecting", connecting);
        }
        if (WsConnectingFailed is { } failed)
        {
            yield return ("ws_connecting_failed", failed);
        }
        if (WsClosing is { } closing)
        {
            yield return ("ws_closing", closing);
        }
    }
}
