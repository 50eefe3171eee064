using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// A connection's seats in its user's rooms, numbered so a user in one room costs nothing more: membership c (below
/// the connection count) is connection c in its first room; the seats of shared rooms take numbers past them, user by
/// user in one block, seat by seat, one number per session of the user (seat i of session s is the block's start +
/// i x sessions + s). Without churn every user makes the same sessions, so a block's start is found from the seat
/// alone; with churn users make different numbers of sessions and the blocks' starts are kept (one per user). What a
/// connection forwards is counted per membership, its lanes per connection.
/// </summary>
internal sealed class Memberships
{
    private readonly RoomLayout _rooms;
    private readonly SessionPlan _plan;
    private readonly int _connections;

    // With churn and shared rooms: where each user's block starts past the connections (users + 1 entries).
    private readonly int[]? _blockStart;

    public Memberships(RoomLayout rooms, SessionPlan plan)
    {
        _rooms = rooms;
        _plan = plan;
        _connections = plan.Connections;
        if (!rooms.SeveralRoomsPerUser || !plan.Drawn)
        {
            Count = _connections + rooms.ExtraMemberships * plan.SessionsOf(0);
            return;
        }
        _blockStart = new int[rooms.Users + 1];
        long start = 0;
        for (int user = 0; user < rooms.Users; user++)
        {
            _blockStart[user] = (int)start;
            start += (long)(rooms.ExtraStart(user + 1) - rooms.ExtraStart(user)) * plan.SessionsOf(user);
            if (_connections + start > int.MaxValue)
            {
                throw new ScenarioException("duration",
                    "the run plans more than 2^31 room memberships over its sessions; shorten it");
            }
        }
        _blockStart[rooms.Users] = (int)start;
        Count = _connections + (int)start;
    }

    /// <summary>Memberships of every connection: the connections, and the seats of shared rooms.</summary>
    public int Count { get; }

    /// <summary>Some connection is in several rooms.</summary>
    public bool Several => _rooms.SeveralRoomsPerUser;

    /// <summary>The connection a membership belongs to.</summary>
    public int ConnectionOf(int membership)
    {
        if (membership < _connections)
        {
            return membership;
        }
        int user = UserOfSeat(membership - _connections);
        return _plan.FirstOf(user) + (membership - _connections - BlockStart(user)) % _plan.SessionsOf(user);
    }

    /// <summary>The room of a membership.</summary>
    public int RoomOf(int membership)
    {
        if (membership < _connections)
        {
            return _rooms.RoomOf(_plan.UserOf(membership));
        }
        int user = UserOfSeat(membership - _connections);
        int seat = _rooms.ExtraStart(user) + (membership - _connections - BlockStart(user)) / _plan.SessionsOf(user);
        return _rooms.ExtraRoom(seat);
    }

    /// <summary>The connection's memberships past its first room (none unless a class shares its members), with
    /// their rooms: a caller that knows the connection finds each room without searching for its user.</summary>
    public Extras ExtrasOf(int connection)
    {
        if (!Several)
        {
            return default;
        }
        int user = _plan.UserOf(connection);
        int sessions = _plan.SessionsOf(user);
        int seat = _rooms.ExtraStart(user);
        return new Extras(_connections + BlockStart(user) + connection - _plan.FirstOf(user),
            _rooms.ExtraStart(user + 1) - seat, sessions, seat, _rooms);
    }

    /// <summary>The connection and the room of a membership, with one search for its user (<see cref="ConnectionOf"/>
    /// and <see cref="RoomOf"/> each make their own).</summary>
    public (int Connection, int Room) Locate(int membership)
    {
        if (membership < _connections)
        {
            return (membership, _rooms.RoomOf(_plan.UserOf(membership)));
        }
        int user = UserOfSeat(membership - _connections);
        int sessions = _plan.SessionsOf(user);
        int offset = membership - _connections - BlockStart(user);
        return (_plan.FirstOf(user) + offset % sessions, _rooms.ExtraRoom(_rooms.ExtraStart(user) + offset / sessions));
    }

    private int BlockStart(int user) => _blockStart?[user] ?? _rooms.ExtraStart(user) * _plan.SessionsOf(0);

    /// <summary>The user whose block holds number <paramref name="past"/> past the connections.</summary>
    private int UserOfSeat(int past)
    {
        if (_blockStart is null)
        {
            return _rooms.UserOfExtra(past / _plan.SessionsOf(0));
        }
        // The last user whose block starts at or before it (users without shared seats have empty blocks).
        int low = 0;
        int high = _blockStart.Length - 2;
        while (low < high)
        {
            int mid = (low + high + 1) >>> 1;
            if (_blockStart[mid] <= past)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    /// <summary>A connection's further memberships: <paramref name="Count"/> numbers from <paramref name="First"/>,
    /// <paramref name="Stride"/> apart, in the rooms of its user's seats from <paramref name="Seat"/> on (of
    /// <paramref name="Layout"/>); enumerable without allocating.</summary>
    public readonly record struct Extras(int First, int Count, int Stride, int Seat, RoomLayout? Layout)
    {
        /// <summary>The i-th further membership (0 = the first after the connection's own).</summary>
        public int At(int i) => First + i * Stride;

        /// <summary>The room of the i-th further membership.</summary>
        public int RoomAt(int i) => Layout!.ExtraRoom(Seat + i);

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

            public readonly Extra Current => new(_extras.At(_index), _extras.RoomAt(_index));

            public bool MoveNext() => ++_index < _extras.Count;
        }
    }

    /// <summary>One further membership of a connection and its room.</summary>
    public readonly record struct Extra(int Membership, int Room);
}
