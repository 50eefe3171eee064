namespace FanoutSim.Model.Chat;

/// <summary>
/// The rooms of a connection's sends on their way to Redis, in send order: a user in several rooms publishes each
/// message in the room it was sent to, and its control lane reads them in the order they came. Kept per connection
/// (one session) in a fixed run of slots, the most sends a session of its user makes; a Poisson session past that
/// bound (six standard deviations) spills into a map.
/// </summary>
internal sealed class InboundRooms
{
    private readonly int[] _rooms;
    private readonly int[] _made;
    private readonly int[] _published;
    private readonly int _slots;
    private Dictionary<(int Connection, int Send), int>? _spilled;

    /// <param name="slots">the most sends one session of any user makes over all its rooms</param>
    public InboundRooms(int connections, int slots)
    {
        _slots = Math.Max(1, slots);
        _rooms = new int[connections * _slots];
        _made = new int[connections];
        _published = new int[connections];
    }

    /// <summary>The connection's client sent a message in <paramref name="room"/>.</summary>
    public void Sent(int connection, int room)
    {
        int k = _made[connection]++;
        if (k < _slots)
        {
            _rooms[connection * _slots + k] = room;
        }
        else
        {
            (_spilled ??= [])[(connection, k)] = room;
        }
    }

    /// <summary>The room of the connection's next message to publish (the oldest not yet published).</summary>
    public int NextPublished(int connection)
    {
        int k = _published[connection]++;
        if (k < _slots)
        {
            return _rooms[connection * _slots + k];
        }
        _spilled!.Remove((connection, k), out int room);
        return room;
    }
}
