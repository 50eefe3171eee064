namespace FanoutSim.Model.Chat;

/// <summary>
/// A connection's seats in its user's rooms, numbered so a user in one room costs nothing more: membership c (below
/// the connection count) is connection c in its first room; a seat of a shared room takes a number past them, one per
/// session of its user. What a connection forwards is counted per membership, its lanes per connection.
/// </summary>
internal sealed class Memberships
{
    private readonly RoomLayout _rooms;
    private readonly SessionPlan _plan;
    private readonly int _connections;
    private readonly int _sessions;

    /// <param name="sessions">each user's sessions (shared rooms are refused with churn, whose counts vary)</param>
    public Memberships(RoomLayout rooms, SessionPlan plan, int sessions)
    {
        _rooms = rooms;
        _plan = plan;
        _sessions = sessions;
        _connections = plan.Connections;
        Count = _connections + rooms.ExtraMemberships * sessions;
    }

    /// <summary>Memberships of every connection: the connections, and the seats of shared rooms.</summary>
    public int Count { get; }

    /// <summary>Some connection is in several rooms.</summary>
    public bool Several => _rooms.SeveralRoomsPerUser;

    /// <summary>The connection a membership belongs to.</summary>
    public int ConnectionOf(int membership) =>
        membership < _connections ? membership
        : _rooms.UserOfExtra(Seat(membership)) * _sessions + (membership - _connections) % _sessions;

    /// <summary>The room of a membership.</summary>
    public int RoomOf(int membership) =>
        membership < _connections ? _rooms.RoomOf(_plan.UserOf(membership)) : _rooms.ExtraRoom(Seat(membership));

    /// <summary>The connection's memberships past its first room (none unless a class shares its members).</summary>
    public Extras ExtrasOf(int connection)
    {
        if (!Several)
        {
            return default;
        }
        int user = connection / _sessions;
        int start = _rooms.ExtraStart(user);
        return new Extras(_connections + start * _sessions + connection % _sessions,
            _rooms.ExtraStart(user + 1) - start, _sessions);
    }

    private int Seat(int membership) => (membership - _connections) / _sessions;

    /// <summary>A connection's further memberships: <paramref name="Count"/> numbers from <paramref name="First"/>,
    /// <paramref name="Stride"/> apart; enumerable without allocating.</summary>
    public readonly record struct Extras(int First, int Count, int Stride)
    {
        /// <summary>The i-th further membership (0 = the first after the connection's own).</summary>
        public int At(int i) => First + i * Stride;

        public Enumerator GetEnumerator() => new(this);

        public struct Enumerator
        {
            private readonly Extras _extras;
            private int _index;

            public Enumerator(Extras extras)
            {
                _extras = extras;
                _index = -1;
            }

            public readonly int Current => _extras.At(_index);

            public bool MoveNext() => ++_index < _extras.Count;
        }
    }
}
