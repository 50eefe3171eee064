namespace FanoutSim.Model.Chat;

/// <summary>What the k6 client side and the servers count during one run.</summary>
internal sealed class ChatCounters
{
    public ChatCounters(int expectedSessions)
    {
        SessionDurations = new List<double>(expectedSessions);
    }

    public long Sent;
    public long Received;

    /// <summary>Forwarded by a task after its client had already called close: CPU spent for nothing.</summary>
    public long ForwardedLate;

    /// <summary>Discarded because a task's outbound buffers were full.</summary>
    public long Dropped;

    /// <summary>Copies Redis discarded when it disconnected a subscriber over its output buffer limit.</summary>
    public long LostToDisconnect;

    public double LastSessionEnd;

    public List<double> SessionDurations { get; }
}
