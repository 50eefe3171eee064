namespace FanoutSim.LoadGen;

/// <summary>
/// One virtual user's counters. Only that user's tasks write them (one session at a time), so plain
/// fields suffice and the hot receive path never contends on a shared counter.
/// </summary>
internal sealed class UserTally
{
    public long Sent;
    public long Received;

    /// <summary>With churn, the copies this user's sends were owed: members of its room present at each send.
    /// </summary>
    public long ExpectedPresent;

    /// <summary>Messages that came from another room than this user's; never counted as received.</summary>
    public long Foreign;
    public long Sessions;
    public long ConnectFailures;
    public long SessionsCutShort;
    public long ClosesAbandoned;
    public readonly List<double> SessionSeconds = new(8);

    /// <summary>With churn, when (seconds from the run's start) the user dialled again after a session, and when the
    /// sessions before those dials ended.</summary>
    public readonly List<double> Reconnects = new();
    public readonly List<double> Disconnects = new();

    /// <summary>Send-to-receipt seconds of every message this user counted.</summary>
    public readonly List<float> Latencies = new();
}
