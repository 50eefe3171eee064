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
/// by the tag <see cref="EnqueueEach"/> returns.
/// </summary>
public sealed class WindowedFifoLink : IFlowLink
{
    private LinkCredit _credit;
    private readonly int _firstWatched;
    private readonly double _segmentBytes;
    private readonly int _bulkSegments;
    private readonly BinnedAmount? _trace;
    private double _freeAt;
    private double _lastReady = double.NegativeInfinity;
    private double _lastUnwatchedLeaves;

    // Per flow: bytes written to it and handed to the queue so far, its segments in the queue and when the last
    // one leaves; per watched flow, where in what it was written each transfer not yet left ends; per other flow,
    // the groups of its transfers still in its buffer and where each ends (made on first use).
    private readonly double[] _written;
    private readonly double[] _queued;
    private readonly int[] _inQueue;
    private readonly double[] _lastLeaves;
    private readonly Queue<double>[] _transferEnds;
    private readonly Queue<(int Group, double End)>?[] _buffered;

    // Each group of transfers handed over together: how many are still in their flows' buffers, when the last one
    // that has joined the queue leaves, and the earliest the others can join it.
    private readonly List<(int Pending, double Leaves, double Joins)> _groups = new();

    // Every flow's segments in the queue, in queue order (so in leaving order): whose, up to where, and when it
    // leaves.
    private readonly Queue<(int Flow, double UpTo, double LeavesAt)> _segments = new();
    private readonly Queue<(int Flow, double At)> _done = new();

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
        _buffered = new Queue<(int, double)>?[_firstWatched];
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

    /// <summary>Bytes <paramref name="flow"/> holds in its buffer, not yet in the queue.</summary>
    public double Buffered(int flow) => _written[flow] - _queued[flow];

    /// <summary>
    /// Queues <paramref name="bytes"/> on <paramref name="flow"/> at <paramref name="ready"/>; returns the tag of a
    /// group of one (a watched flow's transfer is reported by <see cref="TryTakeDone"/> instead).
    /// </summary>
    public double Enqueue(double ready, int flow, double bytes) => EnqueueEach(ready, [flow], bytes);

    /// <summary>
    /// Queues <paramref name="bytes"/> on each of <paramref name="flows"/> (unwatched ones) at
    /// <paramref name="ready"/>, in ready order; returns the group's tag, for <see cref="DoneAt"/> and
    /// <see cref="HasSent"/>.
    /// </summary>
    public double EnqueueEach(double ready, ReadOnlySpan<int> flows, double bytes)
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
        int group = _groups.Count;
        _groups.Add((0, ready, ready));
        foreach (int flow in flows)
        {
            Transfers++;
            _written[flow] += bytes;
            if (flow >= _firstWatched)
            {
                _transferEnds[flow - _firstWatched].Enqueue(_written[flow]);
            }
            else if (_inQueue[flow] > 0)
            {
                (_buffered[flow] ??= new Queue<(int, double)>()).Enqueue((group, _written[flow]));
                (int pending, double leaves, double joins) = _groups[group];
                _groups[group] = (pending + 1, leaves, Math.Max(joins, _lastLeaves[flow]));
            }
            TopUp(flow, ready, group);
        }
        return group;
    }

    /// <summary>When the group tagged <paramref name="tag"/> has left if nothing more arrives; while some of it
    /// waits in its flows' buffers, the earliest it can join the queue.</summary>
    public double DoneAt(double tag)
    {
        (int pending, double leaves, double joins) = _groups[(int)tag];
        return pending == 0 ? leaves : Math.Max(leaves, joins);
    }

    public bool HasSent(double tag)
    {
        (int pending, double leaves, _) = _groups[(int)tag];
        return pending == 0 && leaves <= Now;
    }

    /// <summary>When what the unwatched flows have in the queue will have left (what waits in their buffers joins
    /// it only as it runs).</summary>
    public double UnwatchedDrainedAt() => Math.Max(Now, _lastUnwatchedLeaves);

    public bool TryTakeDone(out int flow, out double at)
    {
        if (_done.TryDequeue(out (int Flow, double At) done))
        {
            (flow, at) = done;
            return true;
        }
        (flow, at) = (-1, double.NaN);
        return false;
    }

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
                    _done.Enqueue((flow, segment.LeavesAt));
                }
            }
            Now = Math.Max(Now, segment.LeavesAt);
            TopUp(flow, segment.LeavesAt, -1);
        }
        if (time > Now && !double.IsPositiveInfinity(time))
        {
            Now = time;
        }
    }

    /// <summary>Hands the queue what <paramref name="flow"/>'s buffer holds, a segment at a time, while it has
    /// room for another of its segments; the transfers of <paramref name="group"/> that join it are its own.
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
        Queue<(int Group, double End)>? buffered = _buffered[flow];
        while (buffered is not null && buffered.TryPeek(out (int Group, double End) waiting)
            && waiting.End <= _queued[flow])
        {
            buffered.Dequeue();
            (int pending, double left, double joins) = _groups[waiting.Group];
            _groups[waiting.Group] = (pending - 1, Math.Max(left, leaves), joins);
        }
        if (group >= 0)
        {
            (int pending, double left, double joins) = _groups[group];
            _groups[group] = (pending, Math.Max(left, leaves), joins);
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
}
