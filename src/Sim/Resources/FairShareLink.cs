using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Resources;

/// <summary>
/// A link shared equally by the flows that have something to send (processor sharing, fluid), as TCP flows through
/// one shaped class tend to share it: a flow that sends little gets all it asks for, and the ones that want more
/// split what is left. The link's rate is metered by <see cref="LinkCredit"/> like a <see cref="TokenBucketLink"/>.
/// Each flow sends its own bytes in order. Kept as virtual time: every backlogged flow has been served the same
/// bytes, so a transfer is done when that amount reaches its tag (its flow's earlier bytes plus its own), whatever
/// arrives meanwhile; only when, in seconds, depends on what else arrives.
/// Transfers of the watched flows (the last ones) are reported as they complete (<see cref="TryTakeDone"/>).
/// </summary>
public sealed class FairShareLink : IFlowLink
{
    private LinkCredit _credit;
    private readonly int _firstWatched;
    private readonly BinnedAmount? _trace;

    // Each flow's tag: the virtual time at which what it holds has left (valid while it is backlogged).
    private readonly double[] _lastTag;
    private readonly bool[] _backlogged;

    // The backlogged flows, in no particular order, and each one's place in that list.
    private readonly int[] _active;
    private readonly int[] _slot;
    private int _activeCount;

    // When each flow empties if nothing more comes to it; a flow that got more since has a stale entry.
    private readonly PriorityQueue<int, double> _emptiesAt = new();
    private readonly PriorityQueue<int, double> _watchedTransfers = new();
    private readonly DoneTransfers _done = new();

    // Bytes each backlogged flow has been served over the run (an idle flow starts from it): tags stay comparable
    // across idle periods.
    private double _virtual;

    /// <param name="flows">how many flows there can be</param>
    /// <param name="watchedFlows">how many of them, the last ones, report each transfer's completion</param>
    /// <param name="credit">the link's rate and credit</param>
    /// <param name="trace">where the bytes that leave are recorded over time (none if null)</param>
    public FairShareLink(int flows, int watchedFlows, LinkCredit credit, BinnedAmount? trace = null)
    {
        if (watchedFlows < 0 || watchedFlows > flows)
        {
            throw new ArgumentOutOfRangeException(nameof(watchedFlows), "watched flows are some of the flows");
        }
        _credit = credit;
        _firstWatched = flows - watchedFlows;
        _trace = trace;
        _lastTag = new double[flows];
        _backlogged = new bool[flows];
        _active = new int[flows];
        _slot = new int[flows];
    }

    /// <summary>How far the link has been run: every transfer done by then has left.</summary>
    public double Now { get; private set; }

    /// <summary>Seconds the link has been sending.</summary>
    public double BusyTime { get; private set; }

    public double BytesSent { get; private set; }

    /// <summary>Flow-seconds spent waiting for a share: the time integral of the backlogged flows beyond the
    /// first, what a FIFO link counts as its transfers' waiting.</summary>
    public double TotalWait { get; private set; }

    public long Transfers { get; private set; }

    /// <summary>Flows with something to send.</summary>
    public int Backlogged => _activeCount;

    public double Credit => _credit.Tokens;

    /// <summary>Bytes <paramref name="flow"/> still has to send.</summary>
    public double Backlog(int flow) => _backlogged[flow] ? _lastTag[flow] - _virtual : 0;

    /// <summary>
    /// Queues <paramref name="bytes"/> on <paramref name="flow"/> at <paramref name="ready"/> (in ready order);
    /// returns the transfer's tag, for <see cref="DoneAt"/>.
    /// </summary>
    public double Enqueue(double ready, int flow, double bytes)
    {
        if (ready < Now)
        {
            throw new InvalidOperationException("transfers must be submitted in ready order");
        }
        if (!(bytes >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "a transfer has bytes");
        }
        AdvanceTo(ready);
        if (!_backlogged[flow])
        {
            _backlogged[flow] = true;
            _lastTag[flow] = _virtual;
            _slot[flow] = _activeCount;
            _active[_activeCount++] = flow;
        }
        double tag = _lastTag[flow] + bytes;
        _lastTag[flow] = tag;
        _emptiesAt.Enqueue(flow, tag);
        if (flow >= _firstWatched)
        {
            _watchedTransfers.Enqueue(flow, tag);
        }
        Transfers++;
        return tag;
    }

    /// <summary>Queues <paramref name="bytes"/> on each of <paramref name="flows"/>; returns the last one's tag: a
    /// tag is where the shares reach, so the last to leave has the greatest.</summary>
    public double EnqueueEach(double ready, ReadOnlySpan<int> flows, double bytes)
    {
        double last = double.NegativeInfinity;
        foreach (int flow in flows)
        {
            last = Math.Max(last, Enqueue(ready, flow, bytes));
        }
        return last;
    }

    /// <summary>
    /// When the transfer tagged <paramref name="tag"/> will have left if nothing more arrives: every backlogged
    /// flow is served up to that tag (or until it empties) first. What arrives later can only make it later.
    /// </summary>
    public double DoneAt(double tag)
    {
        double bytes = 0;
        for (int i = 0; i < _activeCount; i++)
        {
            bytes += Math.Max(0, Math.Min(_lastTag[_active[i]], tag) - _virtual);
        }
        return Now + _credit.SecondsFor(Now, bytes);
    }

    /// <summary>
    /// Whether the transfer tagged <paramref name="tag"/> has left by <see cref="Now"/> (up to rounding: a tag is
    /// reached by summing shares).
    /// </summary>
    public bool HasSent(double tag) => tag <= _virtual + 1e-12 * Math.Max(1, Math.Abs(_virtual));

    /// <summary>A tag is a point in virtual time: nothing is held for it.</summary>
    public void Release(double tag)
    {
    }

    /// <summary>When what the unwatched flows hold will have left, if nothing more arrives.</summary>
    public double UnwatchedDrainedAt()
    {
        double last = _virtual;
        for (int i = 0; i < _activeCount; i++)
        {
            int flow = _active[i];
            if (flow < _firstWatched)
            {
                last = Math.Max(last, _lastTag[flow]);
            }
        }
        return DoneAt(last);
    }

    /// <summary>The next watched transfer that has left, and when, in completion order.</summary>
    public bool TryTakeDone(out int flow, out double at) => _done.TryTake(out flow, out at);

    /// <summary>Runs the link until everything it holds has left.</summary>
    public void Drain() => AdvanceTo(double.PositiveInfinity);

    /// <summary>Runs the link up to <paramref name="time"/> (nothing happens for a time it has passed).</summary>
    public void AdvanceTo(double time)
    {
        while (true)
        {
            Settle();
            if (_activeCount == 0)
            {
                if (time > Now && !double.IsPositiveInfinity(time))
                {
                    Now = time;
                }
                return;
            }
            if (Now >= time)
            {
                return;
            }
            // The next moment the share changes (a flow empties) or a watched transfer completes.
            _emptiesAt.TryPeek(out _, out double target);
            if (_watchedTransfers.TryPeek(out _, out double watched))
            {
                target = Math.Min(target, watched);
            }
            _credit.Refill(Now);
            double bytes = (target - _virtual) * _activeCount;
            double seconds = _credit.SecondsFor(Now, bytes);
            double end = Now + seconds;
            if (end <= time)
            {
                _credit.Send(Now, bytes);
                _virtual = target;
            }
            else
            {
                end = time;
                seconds = time - Now;
                bytes = _credit.SendFor(Now, seconds);
                _virtual += bytes / _activeCount;
            }
            _trace?.Add(Now, end, bytes);
            BusyTime += seconds;
            BytesSent += bytes;
            TotalWait += (_activeCount - 1) * seconds;
            Now = end;
        }
    }

    /// <summary>Flows whose bytes have left go idle; watched transfers that have left are reported.</summary>
    private void Settle()
    {
        while (_watchedTransfers.TryPeek(out int flow, out double tag) && tag <= _virtual)
        {
            _watchedTransfers.Dequeue();
            _done.Add(flow, Now);
        }
        while (_emptiesAt.TryPeek(out int flow, out double tag) && tag <= _virtual)
        {
            _emptiesAt.Dequeue();
            if (_backlogged[flow] && _lastTag[flow] == tag)
            {
                _backlogged[flow] = false;
                int slot = _slot[flow];
                int last = _active[--_activeCount];
                _active[slot] = last;
                _slot[last] = slot;
            }
        }
    }
}
