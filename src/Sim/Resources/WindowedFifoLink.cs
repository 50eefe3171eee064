using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Resources;

/// <summary>
/// A link with one FIFO queue (a shaping class with a plain packet FIFO under it) in which each flow may keep only
/// a few segments; the rest waits in the flow's own buffer and joins the tail as one of its segments leaves, all it
/// holds (up to a segment's size) at once. Bulk flows, the watched ones, keep a given number of segments (as TCP
/// small queues hold a socket to about two in the qdisc); every other flow keeps one (as TCP autocorking holds a
/// socket's small writes while one of its packets is queued). So a flow's transfer waits for its flow's queued
/// segment to leave, then behind everything queued meanwhile, the bulk flows' standing segments included; a bulk
/// flow that wants more than the rest leave falls behind in its buffer. A segment leaves whole, and with it the
/// transfers that end in it: a watched flow's are reported by <see cref="TryTakeDone"/>, the others are asked after
/// by the tag <see cref="EnqueueEach"/> returns, until the caller lets the tag go (<see cref="Release"/>).
/// Every operation is O(1) amortised and, once the pools have grown to what is in flight, allocates nothing.
/// </summary>
public sealed class WindowedFifoLink : IFlowLink
{
    private const int None = -1;

    private LinkCredit _credit;
    private readonly int _firstWatched;
    private readonly double _segmentBytes;
    private readonly int _bulkSegments;
    private readonly BinnedAmount? _trace;
    private double _freeAt;
    private double _lastReady = double.NegativeInfinity;
    private double _lastUnwatchedLeaves;

    // Per flow: bytes written to it and handed to the queue so far, its segments in the queue and when the last
    // one leaves; per watched flow, where in what it was written each transfer not yet left ends.
    private readonly double[] _written;
    private readonly double[] _queued;
    private readonly int[] _inQueue;
    private readonly double[] _lastLeaves;
    private readonly Queue<double>[] _transferEnds;

    // Per unwatched flow, its transfers still in its buffer, oldest first: a list threaded through one pool of
    // entries (the group each belongs to and where in what the flow was written it ends).
    private readonly int[] _bufferHead;
    private readonly int[] _bufferTail;
    private readonly SlotPool<Waiting> _buffered = new(64);

    // Each group of transfers handed over together and not yet released; its tag is its slot.
    private readonly SlotPool<Group> _groups = new(64);

    // Every flow's segments in the queue, in queue order (so in leaving order): whose, up to where, and when it
    // leaves.
    private readonly Queue<(int Flow, double UpTo, double LeavesAt)> _segments = new();
    private readonly DoneTransfers _done = new();

    /// <param name="flows">how many flows there can be</param>
    /// <param name="watchedFlows">how many of them, the last ones, are bulk flows</param>
    /// <param name="segmentBytes">the most one segment carries</param>
    /// <param name="bulkSegments">how many segments of one bulk flow the queue may hold</param>
    /// <param name="credit">the link's rate and credit</param>
    /// <param name="trace">where the bytes that leave are recorded over time (none if null)</param>
    public WindowedFifoLink(int flows, int watchedFlows, double segmentBytes, int bulkSegments, LinkCredit credit,
        BinnedAmount? trace = null)
    {
        if (watchedFlows < 0 || watchedFlows > flows)
        {
            throw new ArgumentOutOfRangeException(nameof(watchedFlows), "watched flows are some of the flows");
        }
        if (!(segmentBytes > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(segmentBytes), "a segment carries bytes");
        }
        if (bulkSegments < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bulkSegments), "a bulk flow may queue a segment");
        }
        _credit = credit;
        _firstWatched = flows - watchedFlows;
        _segmentBytes = segmentBytes;
        _bulkSegments = bulkSegments;
        _trace = trace;
        _written = new double[flows];
        _queued = new double[flows];
        _inQueue = new int[flows];
        _lastLeaves = new double[flows];
        _bufferHead = new int[_firstWatched];
        _bufferTail = new int[_firstWatched];
        Array.Fill(_bufferHead, None);
        Array.Fill(_bufferTail, None);
        _transferEnds = new Queue<double>[watchedFlows];
        for (int bulk = 0; bulk < watchedFlows; bulk++)
        {
            _transferEnds[bulk] = new Queue<double>();
        }
    }

    /// <summary>How far the link has been run.</summary>
    public double Now { get; private set; }

    public double BusyTime { get; private set; }

    public double BytesSent { get; private set; }

    /// <summary>Seconds segments waited in the queue before they started to leave (not in their flows' buffers).
    /// </summary>
    public double TotalWait { get; private set; }

    public long Transfers { get; private set; }

    /// <summary>Groups handed over and not yet released: what the caller still asks after.</summary>
    public int GroupsHeld => _groups.InUse;

    /// <summary>Bytes <paramref name="flow"/> holds in its buffer, not yet in the queue.</summary>
    public double Buffered(int flow) => _written[flow] - _queued[flow];

    /// <summary>
    /// Queues <paramref name="bytes"/> on <paramref name="flow"/> at <paramref name="ready"/>; returns the tag of a
    /// group of one, or NaN for a watched flow, whose transfer is reported by <see cref="TryTakeDone"/> instead.
    /// </summary>
    public double Enqueue(double ready, int flow, double bytes)
    {
        if (flow < _firstWatched)
        {
            return EnqueueEach(ready, [flow], bytes);
        }
        Start(ready, bytes);
        Write(flow, bytes, None);
        TopUp(flow, ready, None);
        return double.NaN;
    }

    /// <summary>
    /// Queues <paramref name="bytes"/> on each of <paramref name="flows"/> (unwatched ones) at
    /// <paramref name="ready"/>, in ready order; returns the group's tag, for <see cref="DoneAt"/> and
    /// <see cref="HasSent"/> until <see cref="Release"/>.
    /// </summary>
    public double EnqueueEach(double ready, ReadOnlySpan<int> flows, double bytes)
    {
        Start(ready, bytes);
        int group = _groups.Take();
        _groups[group] = new Group(0, ready, ready);
        foreach (int flow in flows)
        {
            if (flow >= _firstWatched)
            {
                throw new ArgumentOutOfRangeException(nameof(flows), "a group is made of unwatched flows");
            }
            Write(flow, bytes, group);
            TopUp(flow, ready, group);
        }
        return group;
    }

    /// <summary>
    /// The earliest the group tagged <paramref name="tag"/> has left if nothing more arrives: when its last
    /// transfer in the queue leaves; while some of it waits in its flows' buffers, no earlier than the next segment
    /// leaves (which makes room for them) nor than their flows' queued segments.
    /// </summary>
    public double DoneAt(double tag)
    {
        Group group = _groups[(int)tag];
        if (group.Pending == 0)
        {
            return group.Leaves;
        }
        double next = _segments.TryPeek(out (int Flow, double UpTo, double LeavesAt) head) ? head.LeavesAt : Now;
        return Math.Max(Math.Max(group.Leaves, group.Joins), next);
    }

    public bool HasSent(double tag)
    {
        Group group = _groups[(int)tag];
        return group.Pending == 0 && group.Leaves <= Now;
    }

    /// <summary>The caller asks no more after the group tagged <paramref name="tag"/>, which has left: its slot
    /// goes to a later group.</summary>
    public void Release(double tag)
    {
        int group = (int)tag;
        if (_groups[group].Pending > 0)
        {
            throw new InvalidOperationException("a group still in its flows' buffers cannot be released");
        }
        _groups.Give(group);
    }

    /// <summary>When what the unwatched flows have in the queue will have left (what waits in their buffers joins
    /// it only as it runs).</summary>
    public double UnwatchedDrainedAt() => Math.Max(Now, _lastUnwatchedLeaves);

    public bool TryTakeDone(out int flow, out double at) => _done.TryTake(out flow, out at);

    /// <summary>Runs the link until everything it holds has left.</summary>
    public void Drain() => AdvanceTo(double.PositiveInfinity);

    public void AdvanceTo(double time)
    {
        while (_segments.TryPeek(out (int Flow, double UpTo, double LeavesAt) segment) && segment.LeavesAt <= time)
        {
            _segments.Dequeue();
            int flow = segment.Flow;
            _inQueue[flow]--;
            if (flow >= _firstWatched)
            {
                Queue<double> ends = _transferEnds[flow - _firstWatched];
                while (ends.TryPeek(out double end) && end <= segment.UpTo)
                {
                    ends.Dequeue();
                    _done.Add(flow, segment.LeavesAt);
                }
            }
            Now = Math.Max(Now, segment.LeavesAt);
            TopUp(flow, segment.LeavesAt, None);
        }
        if (time > Now && !double.IsPositiveInfinity(time))
        {
            Now = time;
        }
    }

    private void Start(double ready, double bytes)
    {
        if (ready < _lastReady)
        {
            throw new InvalidOperationException("transfers must be submitted in ready order");
        }
        if (!(bytes >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "a transfer has bytes");
        }
        AdvanceTo(ready);
        _lastReady = ready;
    }

    /// <summary>Writes a transfer to <paramref name="flow"/>'s buffer; an unwatched flow's transfer that must wait
    /// there (one of its segments is queued) keeps <paramref name="group"/> pending until it joins the queue.
    /// </summary>
    private void Write(int flow, double bytes, int group)
    {
        Transfers++;
        _written[flow] += bytes;
        if (flow >= _firstWatched)
        {
            _transferEnds[flow - _firstWatched].Enqueue(_written[flow]);
            return;
        }
        if (_inQueue[flow] == 0)
        {
            return;
        }
        int entry = _buffered.Take();
        _buffered[entry] = new Waiting(group, _written[flow], None);
        if (_bufferTail[flow] == None)
        {
            _bufferHead[flow] = entry;
        }
        else
        {
            _buffered[_bufferTail[flow]] = _buffered[_bufferTail[flow]] with { Next = entry };
        }
        _bufferTail[flow] = entry;
        Group g = _groups[group];
        _groups[group] = g with { Pending = g.Pending + 1, Joins = Math.Max(g.Joins, _lastLeaves[flow]) };
    }

    /// <summary>Hands the queue what <paramref name="flow"/>'s buffer holds, a segment at a time, while it has
    /// room for another of its segments; the transfer of <paramref name="group"/> that joins it is its own.
    /// </summary>
    private void TopUp(int flow, double at, int group)
    {
        int window = flow >= _firstWatched ? _bulkSegments : 1;
        while (_inQueue[flow] < window && _queued[flow] < _written[flow])
        {
            double rest = _written[flow] - _queued[flow];
            double bytes = Math.Min(_segmentBytes, rest);
            _queued[flow] = bytes < rest ? _queued[flow] + bytes : _written[flow];
            _inQueue[flow]++;
            double leaves = Transmit(at, bytes);
            _lastLeaves[flow] = leaves;
            _segments.Enqueue((flow, _queued[flow], leaves));
            if (flow < _firstWatched)
            {
                _lastUnwatchedLeaves = Math.Max(_lastUnwatchedLeaves, leaves);
                Joined(flow, group, leaves);
            }
        }
    }

    /// <summary>The transfers of <paramref name="flow"/> now in the queue leave at <paramref name="leaves"/>: the
    /// one just handed over (of <paramref name="group"/>, if any) and those its buffer held.</summary>
    private void Joined(int flow, int group, double leaves)
    {
        int entry = _bufferHead[flow];
        while (entry != None && _buffered[entry].End <= _queued[flow])
        {
            Waiting waiting = _buffered[entry];
            Group g = _groups[waiting.Group];
            _groups[waiting.Group] = g with { Pending = g.Pending - 1, Leaves = Math.Max(g.Leaves, leaves) };
            _buffered.Give(entry);
            entry = waiting.Next;
        }
        _bufferHead[flow] = entry;
        if (entry == None)
        {
            _bufferTail[flow] = None;
        }
        if (group != None)
        {
            Group g = _groups[group];
            _groups[group] = g with { Leaves = Math.Max(g.Leaves, leaves) };
        }
    }

    /// <summary>Puts <paramref name="bytes"/> at the queue's tail at <paramref name="ready"/>; returns when they
    /// have left.</summary>
    private double Transmit(double ready, double bytes)
    {
        double start = Math.Max(ready, _freeAt);
        _credit.Refill(start);
        double seconds = _credit.Send(start, bytes);
        _freeAt = start + seconds;
        _trace?.Add(start, _freeAt, bytes);
        BusyTime += seconds;
        BytesSent += bytes;
        TotalWait += start - ready;
        return _freeAt;
    }

    /// <summary>A group's transfers still in their flows' buffers, when those in the queue leave, and the earliest
    /// the others can join it.</summary>
    private readonly record struct Group(int Pending, double Leaves, double Joins);

    /// <summary>A transfer in its flow's buffer: its group, where it ends, and the flow's next one.</summary>
    private readonly record struct Waiting(int Group, double End, int Next);
}
