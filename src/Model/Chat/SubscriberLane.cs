using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Per-task mode: the task's one subscriber lane reads each copy from Redis, in arrival order whatever its room. The
/// connections' own writers then send it (<see cref="Forwarders"/>), or this lane writes it to every local connection
/// of its room in the same turn: one job judged write by write (a <see cref="LocalFanout"/> per room), or in exact
/// mode (one room only) the read and then one job per write.
/// </summary>
internal sealed class SubscriberLane
{
    private readonly ChatContext _context;
    private readonly TaskCpu _cpu;
    private readonly ForwardingState _state;
    private readonly Forwarders? _forwarders;
    private readonly bool[] _forwarding;

    // The room classes nobody sends in (`sends: none`): their rooms never have a copy to write, so their members are
    // kept in no list (a million personal channels would otherwise hold a million lists for the collector to trace).
    private readonly bool[] _silentClass;

    // The rooms of the copies waiting for the read, oldest first.
    private readonly Queue<int> _pendingRooms = new();
    // At the profile's message size (the pending work's estimate); each copy costs its room's (MessageCpu).
    private readonly double _readCpu;
    private readonly double _writeCpu;
    private readonly MessageCpu _messageCpu;
    private readonly bool _exact;
    private readonly int _readBatch;
    private bool _queued;

    // Copies the read now running takes from the subscription (per-connection writers only; its completion follows
    // its start before any other job).
    private int _reads;

    // Recipients of the fan-out now running (its completion follows its start before any other job).
    private int _batch;

    // The fan-outs the turn now running makes, each one's recipients and work, in line order, and their total work:
    // one, or up to subscriber_read_batch of them (a reader that drains what it has without yielding).
    private readonly List<(int Recipients, double Work)> _turn = [];
    private double _turnWork;

    // Exact mode: the fan-out turn in progress: the read (index -1), then one write per recipient in join order.
    private int _turnLeft;
    private int _turnIndex;

    /// <param name="forwarders">the connections' own writers, or null when this lane writes every copy itself</param>
    public SubscriberLane(int lane, ChatContext context, TaskCpu cpu, ForwardingState state, Forwarders? forwarders,
        bool exact)
    {
        CostProfile profile = context.Profile;
        Lane = lane;
        _context = context;
        _cpu = cpu;
        _state = state;
        _forwarders = forwarders;
        _exact = exact;
        _forwarding = context.Connections.Forwarding;
        Workload workload = context.Scenario.Workload;
        _silentClass = [.. workload.RoomClasses.Select(c => workload.TimingOf(c).Sends == SendProcess.None)];
        _readCpu = profile.SubscriberReadCpuSeconds;
        _readBatch = Math.Max(1, profile.SubscriberReadBatch);
        _writeCpu = profile.WriteCpuFor(context.PerConnection);
        _messageCpu = context.MessageCpu;
    }

    public int Lane { get; }

    /// <summary>Copies that reached the task and wait for the read.</summary>
    public int PendingReads => _pendingRooms.Count;

    /// <summary>The lane is in the CPU's line or running: it has copies to read.</summary>
    public bool Queued => _queued;

    /// <summary>CPU seconds of the reads still pending (per-connection forwarders read their own copies).</summary>
    public double PendingReadCpu => _context.PerConnection ? 0 : PendingReads * _readCpu;

    /// <summary>CPU seconds a copy still to write costs when this lane writes it.</summary>
    public double WriteCpu => _writeCpu;

    /// <summary>The connection joins <paramref name="room"/>'s local fan-out for every copy read from now on (once for
    /// each of its rooms).</summary>
    /// <param name="deadline">the last instant a write may finish and still reach the client before it closes</param>
    public void Join(int connection, int room, double deadline)
    {
        if (!_silentClass[_context.Rooms.ClassOf(room)])
        {
            _state.FanoutOf(room).Add(connection, deadline);
        }
    }

    /// <summary>A connection of <paramref name="room"/> stopped forwarding: its fan-out drops it on the next walk.
    /// </summary>
    public void Leave(int room) => _state.FanoutIn(room).RecipientLeft();

    /// <summary>
    /// The task's copy of the next message never comes (Redis dropped the subscription): nobody on the task gets it.
    /// Per-connection writers (when this lane only reads) skip it like a message that found the buffers full.
    /// </summary>
    public void MessageLost()
    {
        _context.Counters.LostToDisconnect += _state.Connections;
        _state.Arrived++;
        _forwarders?.TaskLost(_state.Arrived - 1);
    }

    /// <summary>A copy from Redis reached the task: it waits for the read unless the buffers are full.</summary>
    public void MessageArrived(int room, double now)
    {
        int recipients = _state.ConnectionsIn(room);
        if (_state.PendingOverConnections + recipients > _state.BufferLimit)
        {
            // Outbound buffers are full: this message is not queued for anyone on this task.
            _context.Counters.Dropped += recipients;
            _state.Arrive(room);
            return;
        }
        _pendingRooms.Enqueue(room);
        _state.Pend(room);
        if (!_queued)
        {
            _queued = true;
            _cpu.Enqueue(Lane, now);
        }
    }

    /// <summary>The work of the lane's next job, or -1 when nothing waits.</summary>
    public double NextWork()
    {
        if (_turnLeft > 0)
        {
            // Exact mode runs one room only: room 0's.
            return _cpu.Jitter(_messageCpu.Write(0));
        }
        if (PendingReads > 0 && _forwarders is not null)
        {
            // The reads; the writes are the connections' own forwarder turns. A reader that handles what its socket
            // buffered without yielding takes up to a batch of copies in one turn.
            _reads = Math.Min(PendingReads, _readBatch);
            return _reads == 1
                ? _cpu.Jitter(_messageCpu.Read(_pendingRooms.Peek()))
                : _cpu.BatchJitter(_reads * _readCpu + ReadsBeyondProfileSize(_reads), _reads);
        }
        if (PendingReads > 0)
        {
            int room = _pendingRooms.Peek();
            _batch = _state.ConnectionsIn(room);
            if (_exact)
            {
                _turnLeft = ExactFanout.Compact(_forwarding) + 1;
                _turnIndex = -1;
                return _cpu.Jitter(_messageCpu.Read(room));
            }
            return FanoutTurnWork();
        }
        _queued = false;
        return -1;
    }

    public LaneNext Complete(double start, double finish)
    {
        if (_forwarders is not null)
        {
            // The reads are done: the connections' forwarders write the copies in their own turns.
            ReadAndWake(finish);
        }
        else if (_exact && CompleteExactJob(finish))
        {
            return LaneNext.Continue;
        }
        else if (!_exact)
        {
            CompleteFanoutTurn(start, finish);
        }
        if (PendingReads > 0)
        {
            return LaneNext.Requeue;
        }
        _queued = false;
        return LaneNext.Idle;
    }

    /// <summary>
    /// Batched: the read and every write as one job; each write finishes one write's time after the last.
    /// </summary>
    private void FanOut(int room, double start, double finish)
    {
        ref LocalFanout fanout = ref _state.FanoutIn(room);
        if (!fanout.Exists)
        {
            // Nobody of this room is here (its copy was in flight when the last one left, and the room's entry went
            // with the read): there is no one to write to.
            return;
        }
        double read = _messageCpu.Read(room);
        double write = _messageCpu.Write(room);
        double work = read + _batch * write;
        double scale = work > 0 ? (finish - start) / work : 0;
        double first = start + scale * (read + write);
        (long received, long late) = fanout.Deliver(_forwarding, room, first, scale * write,
            _state.RoomNumberOf(room, _state.ArrivedIn(room) - 1), _context.Latency);
        _context.CountReceived(room, received);
        _context.Counters.ForwardedLate += late;
    }

    /// <summary>
    /// The lane writing every copy itself: one turn reads and fans out up to subscriber_read_batch pending copies,
    /// oldest first, each to its room's local connections (with more than one, a reader that drains its queue without
    /// yielding, as a per-room loop that handles whatever it has before it awaits again does).
    /// </summary>
    private double FanoutTurnWork()
    {
        _turn.Clear();
        double work = 0;
        int jobs = 0;
        foreach (int room in _pendingRooms)
        {
            if (_turn.Count == _readBatch)
            {
                break;
            }
            int recipients = _state.ConnectionsIn(room);
            double one = _messageCpu.Read(room) + recipients * _messageCpu.Write(room);
            _turn.Add((recipients, one));
            work += one;
            jobs += recipients + 1;
        }
        _turnWork = work;
        return _cpu.BatchJitter(work, jobs);
    }

    /// <summary>The fan-outs of a turn, each in its share of the turn's wall time, in line order; the last (and a
    /// lone one) ends exactly at the turn's end.</summary>
    private void CompleteFanoutTurn(double start, double finish)
    {
        double done = 0;
        double from = start;
        for (int i = 0; i < _turn.Count; i++)
        {
            (int recipients, double work) = _turn[i];
            done += work;
            double to = i == _turn.Count - 1 || _turnWork <= 0
                ? finish
                : start + (finish - start) * done / _turnWork;
            int room = _pendingRooms.Dequeue();
            _state.Read(room);
            _batch = recipients;
            FanOut(room, from, to);
            from = to;
        }
        _turn.Clear();
    }

    /// <summary>Exact mode: one job of the fan-out turn; true while the turn goes on.</summary>
    private bool CompleteExactJob(double finish)
    {
        if (_turnIndex < 0)
        {
            _state.Read(_pendingRooms.Dequeue());
        }
        else if (ExactFanout.DeliverOne(_turnIndex, finish))
        {
            _context.CountReceived(0, 1);
            int message = _state.Arrived - 1;
            _context.Latency.RecordIfSampled(0, message, ExactFanout.ConnectionAt(_turnIndex), finish);
        }
        else
        {
            _context.Counters.ForwardedLate++;
        }
        _turnIndex++;
        return --_turnLeft > 0;
    }

    /// <summary>
    /// What the next <paramref name="reads"/> copies' reads cost beyond the profile's size (0 when no room's messages
    /// differ from it, which leaves a batch's cost exactly what it was).
    /// </summary>
    private double ReadsBeyondProfileSize(int reads)
    {
        double extra = 0;
        foreach (int room in _pendingRooms)
        {
            if (reads-- == 0)
            {
                break;
            }
            extra += _messageCpu.Read(room) - _readCpu;
        }
        return extra;
    }

    /// <summary>Exact mode runs one room only (several rooms are refused there).</summary>
    private ref LocalFanout ExactFanout => ref _state.FanoutOf(0);

    /// <summary>Takes the reads now done off the line; a run of one room's copies then wakes its caught-up writers.
    /// </summary>
    private void ReadAndWake(double finish)
    {
        for (int i = 0; i < _reads; i++)
        {
            int room = _pendingRooms.Dequeue();
            _state.Read(room);
            if (i == _reads - 1 || _pendingRooms.Peek() != room)
            {
                _forwarders!.WakeCaughtUp(room, finish);
            }
        }
    }
}
