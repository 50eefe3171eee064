using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Resources;

/// <summary>
/// A link with one FIFO queue (as a shaping class with a plain packet FIFO under it) that some bulk flows, the
/// watched ones, may only keep a few segments in: each holds at most a given number of segments of at most a given
/// size in the queue, the rest waits in its own send buffer and joins the tail as one of its segments leaves (as
/// TCP small queues hold a socket to about two segments in the qdisc). The other flows' transfers join the tail as
/// they come, so they wait behind the bulk flows' standing segments, while a bulk flow that wants more than what
/// the rest leave falls behind in its buffer. A segment leaves whole, and with it the transfers that end in it
/// (reported by <see cref="TryTakeDone"/>); an unwatched transfer's tag is the time it has left.
/// </summary>
public sealed class WindowedFifoLink : IFlowLink
{
    private LinkCredit _credit;
    private readonly int _firstWatched;
    private readonly double _segmentBytes;
    private readonly int _segmentsQueued;
    private readonly BinnedAmount? _trace;
    private double _freeAt;
    private double _lastReady = double.NegativeInfinity;
    private double _lastUnwatchedLeaves;

    // Per bulk flow: bytes written to it and handed to the queue so far, its segments in the queue, and where in
    // what it was written each transfer not yet left ends.
    private readonly double[] _written;
    private readonly double[] _queued;
    private readonly int[] _inQueue;
    private readonly Queue<double>[] _transferEnds;

    // The bulk segments in the queue, in queue order (so in leaving order): whose, up to where, and when it leaves.
    private readonly Queue<(int Bulk, double UpTo, double LeavesAt)> _segments = new();
    private readonly Queue<(int Flow, double At)> _done = new();

    /// <param name="flows">how many flows there can be</param>
    /// <param name="watchedFlows">how many of them, the last ones, are bulk flows held to a few segments</param>
    /// <param name="segmentBytes">the most one segment of a bulk flow carries</param>
    /// <param name="segmentsQueued">how many segments of one bulk flow the queue may hold</param>
    /// <param name="credit">the link's rate and credit</param>
    /// <param name="trace">where the bytes that leave are recorded over time (none if null)</param>
    public WindowedFifoLink(int flows, int watchedFlows, double segmentBytes, int segmentsQueued, LinkCredit credit,
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
        if (segmentsQueued < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(segmentsQueued), "a bulk flow may queue a segment");
        }
        _credit = credit;
        _firstWatched = flows - watchedFlows;
        _segmentBytes = segmentBytes;
        _segmentsQueued = segmentsQueued;
        _trace = trace;
        _written = new double[watchedFlows];
        _queued = new double[watchedFlows];
        _inQueue = new int[watchedFlows];
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

    /// <summary>Seconds transfers and segments waited in the queue before they started to leave.</summary>
    public double TotalWait { get; private set; }

    public long Transfers { get; private set; }

    /// <summary>Bytes bulk flow <paramref name="flow"/> holds in its buffer, not yet in the queue.</summary>
    public double Buffered(int flow) => _written[flow - _firstWatched] - _queued[flow - _firstWatched];

    public double Enqueue(double ready, int flow, double bytes)
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
        Transfers++;
        if (flow < _firstWatched)
        {
            double leaves = Transmit(ready, bytes);
            _lastUnwatchedLeaves = Math.Max(_lastUnwatchedLeaves, leaves);
            return leaves;
        }
        int bulk = flow - _firstWatched;
        _written[bulk] += bytes;
        _transferEnds[bulk].Enqueue(_written[bulk]);
        TopUp(bulk, ready);
        return _written[bulk];
    }

    /// <summary>An unwatched transfer's tag is when it leaves: nothing that comes later goes ahead of it.</summary>
    public double DoneAt(double tag) => tag;

    public bool HasSent(double tag) => tag <= Now;

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
        while (_segments.TryPeek(out (int Bulk, double UpTo, double LeavesAt) segment) && segment.LeavesAt <= time)
        {
            _segments.Dequeue();
            int bulk = segment.Bulk;
            _inQueue[bulk]--;
            Queue<double> ends = _transferEnds[bulk];
            while (ends.TryPeek(out double end) && end <= segment.UpTo)
            {
                ends.Dequeue();
                _done.Enqueue((_firstWatched + bulk, segment.LeavesAt));
            }
            Now = Math.Max(Now, segment.LeavesAt);
            TopUp(bulk, segment.LeavesAt);
        }
        if (time > Now && !double.IsPositiveInfinity(time))
        {
            Now = time;
        }
    }

    /// <summary>Hands the queue what <paramref name="bulk"/>'s buffer holds, a segment at a time, while it has
    /// room for another of its segments.</summary>
    private void TopUp(int bulk, double at)
    {
        while (_inQueue[bulk] < _segmentsQueued && _queued[bulk] < _written[bulk])
        {
            double rest = _written[bulk] - _queued[bulk];
            double bytes = Math.Min(_segmentBytes, rest);
            _queued[bulk] = bytes < rest ? _queued[bulk] + bytes : _written[bulk];
            _inQueue[bulk]++;
            _segments.Enqueue((bulk, _queued[bulk], Transmit(at, bytes)));
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
