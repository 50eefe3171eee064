using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Per-connection writers (per-connection mode, or per-task mode whose copy goes through every connection's own
/// writer): each connection's forward lane sends from its NextMessage up to what has arrived, a batch per turn
/// judged by each write's finish time, or in exact mode one job per write. A connection in several rooms keeps a
/// NextMessage per membership (<see cref="Memberships"/>) and its turns take one room's backlog each, the rooms in
/// turn (the one reader drains every channel; which came first among rooms is not tracked).
/// </summary>
internal sealed class Forwarders
{
    private readonly ChatContext _context;
    private readonly ConnectionTable _connections;
    private readonly TaskCpu _cpu;
    private readonly ForwardingState _state;
    private readonly Memberships _memberships;
    private readonly bool _several;

    // Per room: memberships whose forwarder has sent all the room has had, each with its connection (no search for
    // it on every arrival); made when the room first has one here.
    private readonly List<Listed>?[] _caughtUpIn;

    // Several rooms per user: whether a membership waits in its room's caught-up list (its connection may be woken by
    // another room meanwhile), and the membership each connection's next turn looks at first (0 = its first room).
    private readonly bool[]? _listed;
    private readonly int[]? _cursor;

    // The membership of the turn now running when it is not the connection's first room's (-1 otherwise), and its room.
    private int _turnMembership = -1;
    private int _turnRoom;
    private readonly double _turnCpu;
    private readonly CostProfile _profile;

    // What a forwarder spends per message on top of its turn: the write, plus in per-connection mode its own
    // Redis read; the first at the profile's message size (for the pending work's estimate), then room by room.
    private readonly double _copyCpu;
    private readonly MessageCpu _messageCpu;
    private readonly bool _readsOwnCopies;
    private readonly int _batchLimit;

    // Per-task mode: most messages a connection's outbound queue holds (drop-oldest), 0 = only memory bounds it.
    private readonly int _queueLimit;
    private readonly bool _exact;
    private readonly ShapedEgress? _shaped;

    // Per-task mode: task-level messages the task's subscription lost, ascending.
    private readonly List<int> _lostMessages = new();
    private long _sumNextMessage;

    // Messages in the turn now running (its completion follows its start before any other job).
    private int _batch;

    // Exact mode: the forward lane whose turn is in progress and the writes left in it.
    private int _turnLane = -1;
    private int _turnLeft;

    public Forwarders(ChatContext context, TaskCpu cpu, ForwardingState state, bool exact)
    {
        CostProfile profile = context.Profile;
        _context = context;
        _connections = context.Connections;
        _cpu = cpu;
        _state = state;
        _exact = exact;
        _turnCpu = profile.TurnCpuFor(context.PerConnection);
        _profile = profile;
        _copyCpu = profile.WriteCpuFor(context.PerConnection) +
            (context.PerConnection ? profile.SubscriberReadCpuSeconds : 0);
        _messageCpu = context.MessageCpu;
        _readsOwnCopies = context.PerConnection;
        _batchLimit = Math.Max(1, profile.ForwardBatch);
        PendingCpuPerMessage = _copyCpu + (_turnCpu + profile.TurnSegmentsCpu(_batchLimit)) / _batchLimit;
        _queueLimit = context.PerConnection ? 0 : profile.OutboundQueueLimit;
        _shaped = context.PerConnection ? context.Redis.Shaped : null;
        _caughtUpIn = new List<Listed>?[context.Rooms.Count];
        _memberships = context.Memberships;
        _several = _memberships.Several;
        if (_several)
        {
            _listed = new bool[_memberships.Count];
            _cursor = new int[_connections.Task.Length];
        }
    }

    /// <summary>Forward lanes in the CPU's line or running: the writers that have something to send.</summary>
    public int QueuedLanes { get; private set; }

    /// <summary>Messages arrived and not yet sent, summed over the forwarding connections.</summary>
    public long Unsent => Math.Max(0, _state.ArrivedOverConnections - _sumNextMessage);

    /// <summary>CPU seconds a message still to send costs, its share of a full turn included.</summary>
    public double PendingCpuPerMessage { get; }

    /// <summary>The membership's connection (the membership itself for its first room) now forwards
    /// <paramref name="room"/>'s messages from <paramref name="firstMessage"/> on.</summary>
    public void Add(int membership, int connection, int room, int firstMessage, double now)
    {
        _connections.NextMessage[membership] = firstMessage;
        _sumNextMessage += firstMessage;
        if (_state.ArrivedIn(room) > firstMessage)
        {
            Enqueue(connection, now);
        }
        else
        {
            CaughtUp(membership, connection, room);
        }
    }

    /// <summary>The membership (each of a connection's, the connection itself for its first room) stops.</summary>
    public void Remove(int membership) => _sumNextMessage -= _connections.NextMessage[membership];

    /// <summary>A message of <paramref name="room"/> reached the writers: its forwarders that had caught up have work
    /// again.</summary>
    public void WakeCaughtUp(int room, double now)
    {
        List<Listed>? caughtUp = _caughtUpIn[room];
        if (caughtUp is null)
        {
            return;
        }
        int arrived = _state.ArrivedIn(room);
        int kept = 0;
        for (int i = 0; i < caughtUp.Count; i++)
        {
            (int membership, int connection) = caughtUp[i];
            if (!_connections.Forwarding[connection])
            {
                Unlist(membership);
                continue;
            }
            if (_connections.NextMessage[membership] < arrived)
            {
                Enqueue(connection, now);
                Unlist(membership);
            }
            else
            {
                // Subscribed after messages still in flight to this task: not its turn yet.
                caughtUp[kept++] = caughtUp[i];
            }
        }
        caughtUp.RemoveRange(kept, caughtUp.Count - kept);
    }

    /// <summary>The work of the connection's next forwarder job, or -1 when it has nothing to send.</summary>
    public double NextWork(int connection)
    {
        if (_turnLane == ConnectionTable.ForwardLane(connection) && _turnLeft > 0)
        {
            if (!_connections.Forwarding[connection])
            {
                // A close frame cancelled the forwarder mid-turn (close_stops_forwarding_at_once).
                _turnLeft = 0;
                LeaveLine(connection);
                return -1;
            }
            int write = _batch - _turnLeft;
            return _cpu.Jitter(CopyCpu(_connections.Room[connection]) + SegmentCpuOfWrite(write));
        }
        if (!_connections.Forwarding[connection])
        {
            LeaveLine(connection);
            return -1;
        }
        if (_several && _memberships.ExtrasOf(connection) is { Count: > 0 } extras)
        {
            return NextWorkInRooms(connection, extras);
        }
        SkipLost(connection);
        int available = Available(connection);
        long backlog = available - _connections.NextMessage[connection];
        if (backlog <= 0)
        {
            LeaveLine(connection);
            if (available < ArrivedFor(connection))
            {
                // Held back at Redis: the catch-up wakes it, not the next arrival.
                _connections.WaitsForRedis[connection] = true;
            }
            else
            {
                CaughtUp(connection, connection, _connections.Room[connection]);
            }
            return -1;
        }
        double perConnectionLimit = PerConnectionLimit();
        if (backlog > perConnectionLimit)
        {
            int dropped = (int)(backlog - (long)perConnectionLimit);
            _connections.NextMessage[connection] += dropped;
            _sumNextMessage += dropped;
            _context.Counters.Dropped += dropped;
        }
        // Buffered socket I/O does not yield, so one turn drains up to a batch of what has arrived.
        _batch = (int)Math.Min(available - (long)_connections.NextMessage[connection], _batchLimit);
        // The turn's own CPU is 0 unless a profile sets it, which leaves the cost exactly per message.
        if (_exact)
        {
            _turnLane = ConnectionTable.ForwardLane(connection);
            _turnLeft = _batch;
            _context.Counters.ForwarderTurns++;
            return _cpu.Jitter(_turnCpu + CopyCpu(_connections.Room[connection]) + SegmentCpuOfWrite(0));
        }
        return _cpu.BatchJitter(TurnCpu(_batch, _connections.Room[connection]), _batch);
    }

    /// <summary>CPU of a turn of <paramref name="batch"/> writes of <paramref name="room"/>'s messages.</summary>
    private double TurnCpu(int batch, int room) =>
        _turnCpu + batch * CopyCpu(room) + _profile.TurnSegmentsCpu(batch);

    /// <summary>Exact mode: the segment CPU of a turn's <paramref name="write"/>-th write (from 0).</summary>
    private double SegmentCpuOfWrite(int write) =>
        _profile.TurnSegmentsCpu(write + 1) - _profile.TurnSegmentsCpu(write);

    public LaneNext Complete(int connection, double start, double finish)
    {
        if (_exact)
        {
            return CompleteWrite(connection, finish);
        }
        if (_turnMembership >= 0)
        {
            return CompleteTurnInRooms(connection, start, finish) ? LaneNext.Requeue : LaneNext.Idle;
        }
        return CompleteTurn(connection, start, finish) ? LaneNext.Requeue : LaneNext.Idle;
    }

    /// <summary>
    /// A connection in several rooms: what its buffers cannot hold is dropped, oldest first, room by room from the one
    /// whose turn it is; the turn then takes a batch of the first room with a backlog, starting there.
    /// </summary>
    private double NextWorkInRooms(int connection, Memberships.Extras extras)
    {
        int rooms = 1 + extras.Count;
        long total = 0;
        for (int i = 0; i < rooms; i++)
        {
            total += Backlog(connection, extras, i);
        }
        if (total <= 0)
        {
            LeaveLine(connection);
            CaughtUpInRooms(connection, extras);
            return -1;
        }
        int from = _cursor![connection];
        double perConnectionLimit = PerConnectionLimit();
        long excess = total - (long)perConnectionLimit;
        for (int j = 0; j < rooms && excess > 0; j++)
        {
            int index = (from + j) % rooms;
            int membership = MembershipAt(connection, extras, index);
            int dropped = (int)Math.Min(Backlog(connection, extras, index), excess);
            _connections.NextMessage[membership] += dropped;
            _sumNextMessage += dropped;
            _context.Counters.Dropped += dropped;
            excess -= dropped;
        }
        // What is left is at least the buffers' one message: some room has it.
        for (int j = 0; j < rooms; j++)
        {
            int index = (from + j) % rooms;
            long backlog = Backlog(connection, extras, index);
            if (backlog > 0)
            {
                _cursor[connection] = (index + 1) % rooms;
                _turnMembership = MembershipAt(connection, extras, index);
                _turnRoom = RoomAt(connection, extras, index);
                _batch = (int)Math.Min(backlog, _batchLimit);
                return _cpu.BatchJitter(TurnCpu(_batch, _turnRoom), _batch);
            }
        }
        throw new System.Diagnostics.UnreachableException("a backlog left after the drops is in no room");
    }

    /// <summary>A turn of a connection in several rooms is done: true while any of its rooms has more to send.
    /// </summary>
    private bool CompleteTurnInRooms(int connection, double start, double finish)
    {
        int membership = _turnMembership;
        _turnMembership = -1;
        CountBatch(membership, _turnRoom, connection, start, finish);
        Memberships.Extras extras = _memberships.ExtrasOf(connection);
        for (int i = 0; i <= extras.Count; i++)
        {
            if (Backlog(connection, extras, i) > 0)
            {
                return true;
            }
        }
        LeaveLine(connection);
        CaughtUpInRooms(connection, extras);
        return false;
    }

    /// <summary>
    /// The turn's batch of <paramref name="room"/>'s messages has been written to <paramref name="connection"/> for
    /// <paramref name="membership"/>: its position moves on, and each write counts as received or late by its own
    /// finish time against the client's close.
    /// </summary>
    private void CountBatch(int membership, int room, int connection, double start, double finish)
    {
        int batch = _batch;
        _context.Counters.ForwarderTurns++;
        _context.Counters.ForwarderWrites += batch;
        int firstMessage = _connections.NextMessage[membership];
        _connections.NextMessage[membership] += batch;
        _sumNextMessage += batch;
        double deadline = _connections.CloseCallAt[connection] - _context.ClientOneWay;
        long received = DeliveredBefore(deadline, start, finish, batch);
        _context.Latency.RecordSampledBatch(room, _state.RoomNumberOf(room, firstMessage), connection, received, start,
            (finish - start) / batch);
        _context.CountReceived(room, received);
        _context.Counters.ForwardedLate += batch - received;
    }

    /// <summary>
    /// Messages one connection may have waiting: its share of the task's buffer memory, or its outbound queue's bound
    /// when that is less. Dropping the excess when a turn starts keeps the newest, as a queue that pushes out its
    /// oldest on every arrival does, since nothing leaves the queue between two turns of its writer.
    /// </summary>
    private double PerConnectionLimit()
    {
        double memory = Math.Max(1, _state.BufferLimit / Math.Max(1, _state.Connections));
        return _queueLimit > 0 ? Math.Min(memory, _queueLimit) : memory;
    }

    /// <summary>The connection's i-th membership: its first room (0), then its further ones.</summary>
    private static int MembershipAt(int connection, Memberships.Extras extras, int i) =>
        i == 0 ? connection : extras.At(i - 1);

    /// <summary>The room of the connection's i-th membership (no search: the connection knows its user's seats).
    /// </summary>
    private int RoomAt(int connection, Memberships.Extras extras, int i) =>
        i == 0 ? _connections.Room[connection] : extras.RoomAt(i - 1);

    /// <summary>Messages of the connection's i-th membership's room arrived here and not yet sent to it.</summary>
    private long Backlog(int connection, Memberships.Extras extras, int i) =>
        _state.ArrivedIn(RoomAt(connection, extras, i)) -
        (long)_connections.NextMessage[MembershipAt(connection, extras, i)];

    /// <summary>Every room of the connection has had all it has sent: each waits for its room's next arrival.</summary>
    private void CaughtUpInRooms(int connection, Memberships.Extras extras)
    {
        for (int i = 0; i <= extras.Count; i++)
        {
            CaughtUp(MembershipAt(connection, extras, i), connection, RoomAt(connection, extras, i));
        }
    }

    /// <summary>
    /// Writes j = 1..batch of a batch finish at start + j * (finish - start) / batch; counts those before the deadline.
    /// </summary>
    internal static long DeliveredBefore(double deadline, double start, double finish, int batch)
    {
        if (finish < deadline)
        {
            return batch;
        }
        double unit = (finish - start) / batch;
        if (unit <= 0)
        {
            return 0;
        }
        double ratio = (deadline - start) / unit;
        return ratio <= 0 ? 0 : Math.Min(batch, (long)Math.Ceiling(ratio) - 1);
    }

    /// <summary>Batched: the whole turn as one job, each write judged by its own finish time.</summary>
    private bool CompleteTurn(int connection, double start, double finish)
    {
        int room = _connections.Room[connection];
        CountBatch(connection, room, connection, start, finish);
        if (_connections.NextMessage[connection] < _state.ArrivedIn(room))
        {
            return true;
        }
        LeaveLine(connection);
        CaughtUp(connection, connection, room);
        return false;
    }

    /// <summary>Exact mode: one write of a forwarder's turn, judged by its own finish time.</summary>
    private LaneNext CompleteWrite(int connection, double finish)
    {
        int message = _connections.NextMessage[connection]++;
        _sumNextMessage++;
        _context.Counters.ForwarderWrites++;
        if (finish + _context.ClientOneWay < _connections.CloseCallAt[connection])
        {
            int room = _connections.Room[connection];
            _context.CountReceived(room, 1);
            _context.Latency.RecordIfSampled(room, _state.RoomNumberOf(room, message), connection, finish);
        }
        else
        {
            _context.Counters.ForwardedLate++;
        }
        if (--_turnLeft > 0)
        {
            return LaneNext.Continue;
        }
        if (_connections.NextMessage[connection] < ArrivedFor(connection))
        {
            return LaneNext.Requeue;
        }
        LeaveLine(connection);
        CaughtUp(connection, connection, _connections.Room[connection]);
        return LaneNext.Idle;
    }

    /// <summary>Copies held back by a lost packet reached the connection: its forwarder may have work again.</summary>
    public void RedisCaughtUp(int connection, double now)
    {
        if (!_connections.WaitsForRedis[connection])
        {
            // Queued already, or caught up with the task and woken by the next arrival.
            return;
        }
        _connections.WaitsForRedis[connection] = false;
        if (_connections.Forwarding[connection])
        {
            Enqueue(connection, now);
        }
    }

    /// <summary>Messages this connection has from Redis: what reached the task less what a lost packet holds.
    /// </summary>
    private int Available(int connection)
    {
        int arrived = ArrivedFor(connection);
        int available = _shaped is null ? arrived : Math.Min(arrived, _shaped.Gate(connection));
        int next = _connections.NextMessage[connection];
        // A turn stops short of what Redis discarded: the next one skips it.
        if (_shaped is not null && _shaped.Lost(connection) is (int from, int to) && next < from && from < to)
        {
            available = Math.Min(available, from);
        }
        if (_lostMessages.Count > 0)
        {
            int at = _lostMessages.BinarySearch(next);
            int following = at >= 0 ? at : ~at;
            if (following < _lostMessages.Count)
            {
                available = Math.Min(available, _lostMessages[following]);
            }
        }
        return available;
    }

    /// <summary>Per-task mode: the task's subscription lost this message; no connection's writer sends it.</summary>
    public void TaskLost(int message) => _lostMessages.Add(message);

    /// <summary>Moves the connection past messages Redis discarded (counted where they were lost).</summary>
    private void SkipLost(int connection)
    {
        int next = _connections.NextMessage[connection];
        int skip = 0;
        if (_shaped is not null && _shaped.Lost(connection) is (int from, int to) && next >= from && next < to)
        {
            skip = to - next;
            _context.Counters.LostToDisconnect += skip;
        }
        while (_lostMessages.Count > 0 && _lostMessages.BinarySearch(next + skip) >= 0)
        {
            skip++;
        }
        _connections.NextMessage[connection] += skip;
        _sumNextMessage += skip;
    }

    /// <summary>Messages of the connection's room that have reached this task.</summary>
    private int ArrivedFor(int connection) => _state.ArrivedIn(_connections.Room[connection]);

    /// <summary>What the forwarder spends on one of <paramref name="room"/>'s messages on top of its turn.</summary>
    private double CopyCpu(int room) =>
        _messageCpu.Write(room) + (_readsOwnCopies ? _messageCpu.Read(room) : 0);

    /// <summary>The membership (of <paramref name="connection"/>) waits in its room's caught-up list for the room's
    /// next arrival (once).</summary>
    private void CaughtUp(int membership, int connection, int room)
    {
        if (_listed is not null)
        {
            if (_listed[membership])
            {
                return;
            }
            _listed[membership] = true;
        }
        (_caughtUpIn[room] ??= new List<Listed>()).Add(new Listed(membership, connection));
    }

    private void Unlist(int membership)
    {
        if (_listed is not null)
        {
            _listed[membership] = false;
        }
    }

    private void Enqueue(int connection, double now)
    {
        if (!_connections.ForwardQueued[connection])
        {
            _connections.ForwardQueued[connection] = true;
            QueuedLanes++;
            _cpu.Enqueue(ConnectionTable.ForwardLane(connection), now);
        }
    }

    private void LeaveLine(int connection)
    {
        if (_connections.ForwardQueued[connection])
        {
            _connections.ForwardQueued[connection] = false;
            QueuedLanes--;
        }
    }

    /// <summary>A membership waiting in a caught-up list, with its connection.</summary>
    private readonly record struct Listed(int Membership, int Connection);
}
