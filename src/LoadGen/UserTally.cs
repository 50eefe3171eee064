namespace FanoutSim.LoadGen;

/// <summary>
/// One virtual user's counters. Only that user's tasks write them (one session at a time), so plain
/// fields suffice and the hot receive path never contends on a shared counter.
/// </summary>
internal sealed class UserTally
{
    public long Sent;
    public long Received;

    /// <summary>Messages that came from another room than this user's; never counted as received.</summary>
    public long Foreign;
    public long Sessions;
    public long ConnectFailures;
    public long SessionsCutShort;
    public long ClosesAbandoned;
    public readonly List<double> SessionSeconds = new(8);

    /// <summary>Send-to-receipt seconds of every message this user counted.</summary>
    public readonly List<float> Latencies = new();
}
