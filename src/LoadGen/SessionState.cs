namespace FanoutSim.LoadGen;

/// <summary>Shared between a session's send loop, receive loop and close timer.</summary>
internal sealed class SessionState
{
    /// <summary>Cleared at close time: whatever arrives after that is dropped, as in k6.</summary>
    public volatile bool Counting = true;

    /// <summary>Written by the receive loop only; read after it has ended.</summary>
    public long Received;

    /// <summary>Messages from outside the receiver's room (a server bug), left out of <see cref="Received"/>.</summary>
    public long Foreign;

    /// <summary>Send-to-receipt seconds of the messages counted, written by the receive loop only.</summary>
    public readonly List<float> Latencies = new();

    /// <summary>In several rooms, what <see cref="Received"/> and <see cref="Latencies"/> hold for the first room, for
    /// each further room (receive loop only).</summary>
    public RoomCounts[] Further { get; init; } = [];
}
