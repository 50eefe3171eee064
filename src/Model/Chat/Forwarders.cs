using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Per-connection writers (per-connection mode, or per-task mode whose copy goes through every connection's own
/// writer): each connection's forward lane sends from its NextMessage up to what has arrived, a batch per turn
/// judged by each write's finish time, or in exact mode one job per write.
/// </summary>
internal sealed class Forwarders
{
    private readonly ChatContext _context;
    private readonly ConnectionTable _connections;
    private readonly TaskCpu _cpu;
    private readonly ForwardingState _state;
    // Per room: forwarders that have sent all their room has had (made when the room first has one here).
    private readonly List<int>?[] _caughtUpIn;
    private readonly double _turnCpu;

    // What a forwarder spends per message on top of its turn: the write, plus in per-connection mode its own
    // Redis read.
    private readonly double _copyCpu;
    private readonly int _batchLimit;
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
        _turnCpu = profile.ForwardTurnCpuSeconds;
        _copyCpu = profile.WriteCpuFor(context.PerConnection) +
            (context.PerConnection ? profile.SubscriberReadCpuSeconds : 0);
        _batchLimit = Math.Max(1, profile.ForwardBatch);
        _shaped = context.PerConnection ? context.Redis.Shaped : null;
        _caughtUpIn = new List<int>?[context.Rooms.Count];
    }

    /// <summary>Forward lanes in the CPU's line or running: the writers that have something to send.</summary>
    public int QueuedLanes { get; private set; }

    /// <summary>Messages arrived and not yet sent, summed over the forwarding connections.</summary>
    public long Unsent => Math.Max(0, _state.ArrivedOverConnections - _sumNextMessage);

    /// <summary>CPU seconds a message still to send costs, its share of a full turn included.</summary>
    public double PendingCpuPerMessage => _copyCpu + _turnCpu / _batchLimit;

    /// <summary>The connection now forwards messages from <paramref name="firstMessage"/> on.</summary>
    public void Add(int connection, int firstMessage, double now)
    {
        _connections.NextMessage[connection] = firstMessage;
        _sumNextMessage += firstMessage;
        if (ArrivedFor(connection) > firstMessage)
        {
            Enqueue(connection, now);
        }
        else
        {
            CaughtUp(connection);
        }
    }

    public void Remove(int connection) => _sumNextMessage -= _connections.NextMessage[connection];

    /// <summary>A message of <paramref name="room"/> reached the writers: its forwarders that had caught up have work
    /// again.</summary>
    public void WakeCaughtUp(int room, double now)
    {
        List<int>? caughtUp = _caughtUpIn[room];
        if (caughtUp is null)
        {
            return;
        }
        int arrived = _state.ArrivedIn(room);
        int kept = 0;
        for (int i = 0; i < caughtUp.Count; i++)
        {
            int connection = caughtUp[i];
            if (!_connections.Forwarding[connection])
            {
                continue;
            }
            if (_connections.NextMessage[connection] < arrived)
            {
                Enqueue(connection, now);
            }
            else
            {
                // Subscribed after messages still in flight to this task: not its turn yet.
                caughtUp[kept++] = connection;
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
            return _cpu.Jitter(_copyCpu);
        }
        if (!_connections.Forwarding[connection])
        {
            LeaveLine(connection);
            return -1;
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
                CaughtUp(connection);
            }
            return -1;
        }
        double perConnectionLimit = Math.Max(1, _state.BufferLimit / Math.Max(1, _state.Connections));
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
            return _cpu.Jitter(_turnCpu + _copyCpu);
        }
        return _cpu.BatchJitter(_turnCpu + _batch * _copyCpu, _batch);
    }

    public LaneNext Complete(int connection, double start, double finish)
    {
        if (_exact)
        {
            return CompleteWrite(connection, finish);
        }
        return CompleteTurn(connection, start, finish) ? LaneNext.Requeue : LaneNext.Idle;
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
        int batch = _batch;
        int firstMessage = _connections.NextMessage[connection];
        _connections.NextMessage[connection] += batch;
        _sumNextMessage += batch;
        double deadline = _connections.CloseCallAt[connection] - _context.ClientOneWay;
        long received = DeliveredBefore(deadline, start, finish, batch);
        int room = _connections.Room[connection];
        _context.Latency.RecordSampledBatch(room, firstMessage, connection, received, start, (finish - start) / batch);
        _context.CountReceived(room, received);
        _context.Counters.ForwardedLate += batch - received;
        if (_connections.NextMessage[connection] < _state.ArrivedIn(room))
        {
            return true;
        }
        LeaveLine(connection);
        CaughtUp(connection);
        return false;
    }

    /// <summary>Exact mode: one write of a forwarder's turn, judged by its own finish time.</summary>
    private LaneNext CompleteWrite(int connection, double finish)
    {
        int message = _connections.NextMessage[connection]++;
        _sumNextMessage++;
        if (finish + _context.ClientOneWay < _connections.CloseCallAt[connection])
        {
            int room = _connections.Room[connection];
            _context.CountReceived(room, 1);
            _context.Latency.RecordIfSampled(room, message, connection, finish);
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
        CaughtUp(connection);
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

    private void CaughtUp(int connection) =>
        (_caughtUpIn[_connections.Room[connection]] ??= new List<int>()).Add(connection);

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
}
