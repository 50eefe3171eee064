namespace FanoutSim.Sim.Resources;

/// <summary>
/// An egress shaper as a cloud hypervisor applies it to an instance: a short-term token bucket (the rate in force,
/// a depth in bytes) in front of a finite FIFO shaping queue, with tail drop. The rate in force is the long-term
/// allowance: the burst rate while network credits last, the baseline after; credits refill at the baseline.
/// Traffic is offered as bursts of equal packets released at one instant, and each burst is judged in O(1):
/// what the bucket lets through at once, what waits in the queue, and what the full queue drops.
/// Flow-controlled senders (<see cref="SendPaced"/>) fill the time the queue leaves idle instead: they lose nothing
/// and take nobody's place in the queue.
/// </summary>
public sealed class BurstShaper
{
    private readonly double _baseline;
    private readonly double _burst;
    private readonly double _creditCapacity;
    private readonly double _depth;
    private readonly double _queueCapacity;

    // State as of _at: bytes waiting in the queue, paced bytes waiting behind it, short-term tokens, long-term credit.
    private double _at;
    private double _backlog;
    private double _paced;
    private double _tokens;
    private double _credit;

    /// <param name="baselineBytesPerSecond">rate that can be held forever</param>
    /// <param name="burstBytesPerSecond">rate in force while credit lasts (at least the baseline)</param>
    /// <param name="creditBytes">long-term credit capacity: the burst rate lasts creditBytes / (burst - baseline)
    /// </param>
    /// <param name="creditAtStart">share of the credit capacity held at time 0, 0 to 1</param>
    /// <param name="depthBytes">short-term bucket depth: bytes that pass at once after a quiet spell</param>
    /// <param name="queueBytes">shaping queue: bytes that may wait; a packet that does not fit is dropped</param>
    public BurstShaper(double baselineBytesPerSecond, double burstBytesPerSecond, double creditBytes,
        double creditAtStart, double depthBytes, double queueBytes)
    {
        if (!(baselineBytesPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(baselineBytesPerSecond), "baseline rate must be positive");
        }
        if (burstBytesPerSecond < baselineBytesPerSecond)
        {
            throw new ArgumentOutOfRangeException(
                nameof(burstBytesPerSecond), "burst rate must be at least the baseline");
        }
        if (creditAtStart is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(creditAtStart), "credit at start is a share from 0 to 1");
        }
        if (depthBytes < 0 || queueBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(depthBytes), "bucket depth and queue must not be negative");
        }
        _baseline = baselineBytesPerSecond;
        _burst = burstBytesPerSecond;
        _creditCapacity = Math.Max(0, creditBytes);
        _credit = _creditCapacity * creditAtStart;
        _depth = depthBytes;
        _queueCapacity = queueBytes;
        _tokens = depthBytes;
    }

    /// <summary>Packets offered so far, retransmissions and paced ones included.</summary>
    public long PacketsOffered { get; private set; }

    /// <summary>Packets that had to wait in the shaping queue (the allowance was exceeded: they were delayed).
    /// </summary>
    public long PacketsQueued { get; private set; }

    /// <summary>Packets the full queue dropped.</summary>
    public long PacketsDropped { get; private set; }

    public double BytesSent { get; private set; }

    /// <summary>Time the link was sending at the rate in force (queue or paced senders).</summary>
    public double BusyTime { get; private set; }

    /// <summary>Seconds queued packets waited, summed.</summary>
    public double TotalWait { get; private set; }

    /// <summary>The rate the shaper enforces at the last instant it was brought up to.</summary>
    public double RateInForce => _credit > 0 && _burst > _baseline ? _burst : _baseline;

    /// <summary>
    /// When the queue as it stands at <paramref name="now"/> will have drained (paced senders wait behind it). A
    /// question, not a step: the shaper's state does not move, so a later burst may still be offered at any instant
    /// from the last offer on.
    /// </summary>
    public double DrainedAt(double now)
    {
        if (now <= _at)
        {
            return _at + DrainSeconds(_backlog);
        }
        (double at, double backlog, double paced, double tokens, double credit, double busy) =
            (_at, _backlog, _paced, _tokens, _credit, BusyTime);
        Advance(now);
        double drained = now + DrainSeconds(_backlog);
        (_at, _backlog, _paced, _tokens, _credit, BusyTime) = (at, backlog, paced, tokens, credit, busy);
        return drained;
    }

    /// <summary>Bytes the shaping queue holds at most.</summary>
    public double QueueBytes => _queueCapacity;

    /// <summary>
    /// Offers <paramref name="packets"/> packets of <paramref name="packetBytes"/> released together at
    /// <paramref name="now"/> (not before an earlier offer); the first ones the bucket and queue take are sent in
    /// order, the rest dropped.
    /// </summary>
    /// <param name="mustFitQueue">every packet enters the queue before the bucket lets it out (tc's bfifo under an
    /// htb class judges each packet by its limit, tokens or not): a packet larger than the whole queue is always
    /// dropped. Packets no larger than the queue are judged as without it.</param>
    public ShapedBurst Offer(double now, int packets, double packetBytes, bool mustFitQueue = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packets);
        if (!(packetBytes > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(packetBytes), "a packet has a positive size");
        }
        Advance(now);
        PacketsOffered += packets;
        if (mustFitQueue && packetBytes > _queueCapacity)
        {
            PacketsDropped += packets;
            return new ShapedBurst(0, 0, packets, now);
        }
        // Tokens exist only while the link is idle: those packets leave at line rate, at once.
        int passed = _backlog > 0 || _paced > 0 ? 0 : (int)Math.Min(packets, Whole(_tokens / packetBytes));
        _tokens -= passed * packetBytes;
        int room = (int)Math.Min(int.MaxValue, Math.Max(0, Whole((_queueCapacity - _backlog) / packetBytes)));
        int queued = Math.Min(packets - passed, room);
        int dropped = packets - passed - queued;
        double waitedBefore = _backlog;
        _backlog += queued * packetBytes;
        BytesSent += (passed + queued) * packetBytes;
        _credit = Math.Max(0, _credit - passed * packetBytes);
        PacketsQueued += queued;
        PacketsDropped += dropped;
        double rate = RateInForce;
        // The j-th queued packet waits for what was ahead of it and j packets: sum over j = 1..queued.
        TotalWait += queued * waitedBefore / rate + packetBytes * queued * (queued + 1.0) / 2 / rate;
        double lastDeparture = queued > 0 ? now + DrainSeconds(_backlog) : now;
        return new ShapedBurst(passed + queued, queued, dropped, lastDeparture);
    }

    /// <summary>
    /// Sends <paramref name="packets"/> packets from flow-controlled senders at <paramref name="now"/>: connections
    /// with data in flight, which pace themselves into the link's idle time (TCP recovers such a packet's loss within
    /// a round trip), so they lose nothing and take no room in the queue; they leave after what is queued and paced
    /// before them. Returns when the last one leaves, if no burst comes meanwhile (a burst would go first).
    /// </summary>
    public double SendPaced(double now, int packets, double packetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packets);
        Advance(now);
        PacketsOffered += packets;
        double bytes = packets * packetBytes;
        BytesSent += bytes;
        _paced += bytes;
        return now + DrainSeconds(_backlog + _paced);
    }

    // Whole packets in a byte count that refilling at a rate may leave a hair short (0.01 s x 1 MB/s = 9999.99..).
    private static double Whole(double packets) => Math.Floor(packets + 1e-9);

    /// <summary>
    /// Drains the queue, then the paced senders, and refills tokens and credit up to <paramref name="now"/>.
    /// </summary>
    private void Advance(double now)
    {
        if (now < _at)
        {
            throw new InvalidOperationException("bursts must be offered in time order");
        }
        while (_at < now)
        {
            double dt = now - _at;
            bool bursting = _credit > 0 && _burst > _baseline;
            double rate = bursting ? _burst : _baseline;
            double waiting = _backlog + _paced;
            if (waiting <= 0)
            {
                _credit = Math.Min(_creditCapacity, _credit + _baseline * dt);
                _tokens = Math.Min(_depth, _tokens + rate * dt);
                _at = now;
                return;
            }
            double step = Math.Min(dt, waiting / rate);
            bool creditRunsOut = bursting && _credit / (_burst - _baseline) < step;
            if (creditRunsOut)
            {
                step = _credit / (_burst - _baseline);
            }
            double sent = Math.Min(waiting, step * rate);
            double fromQueue = Math.Min(_backlog, sent);
            _backlog -= fromQueue;
            _paced = Math.Max(0, _paced - (sent - fromQueue));
            if (step * rate >= waiting)
            {
                (_backlog, _paced) = (0, 0);
            }
            _credit = creditRunsOut ? 0 : Math.Min(_creditCapacity, _credit - (rate - _baseline) * step);
            BusyTime += step;
            // Landing exactly on now (not at + dt, which may round short of it) ends the loop.
            _at = step >= dt ? now : _at + step;
        }
    }

    /// <summary>Seconds the link needs to send <paramref name="bytes"/> from the current state, credit included.
    /// </summary>
    private double DrainSeconds(double bytes)
    {
        if (bytes <= 0)
        {
            return 0;
        }
        if (_credit <= 0 || _burst <= _baseline)
        {
            return bytes / _baseline;
        }
        double burstSeconds = _credit / (_burst - _baseline);
        double burstBytes = burstSeconds * _burst;
        return bytes <= burstBytes ? bytes / _burst : burstSeconds + (bytes - burstBytes) / _baseline;
    }
}
