namespace FanoutSim.Model.Chat;

/// <summary>
/// The rooms of a connection's sends on their way to Redis, in send order: a user in several rooms publishes each
/// message in the room it was sent to, and its control lane reads them in the order they came. One queue per
/// connection (one session), its rooms held only until published.
/// </summary>
internal sealed class InboundRooms
{
    private readonly ConnectionQueues<int> _rooms;

    public InboundRooms(int connections)
    {
        _rooms = new ConnectionQueues<int>(connections);
    }

    /// <summary>The connection's client sent a message in <paramref name="room"/>.</summary>
    public void Sent(int connection, int room) => _rooms.Enqueue(connection, room);

    /// <summary>The room of the connection's next message to publish (the oldest not yet published).</summary>
    public int NextPublished(int connection) => _rooms.Take(connection);
}
