namespace FanoutSim.Sim.Resources;

/// <summary>
/// An egress shaper as a cloud hypervisor applies it to an instance: a short-term token bucket (the rate in force,
/// a depth in bytes) in front of a finite FIFO shaping queue, with tail drop. The rate in force is the long-term
/// allowance: the burst rate while network credits last, the baseline after; credits refill at the baseline.
/// Traffic is offered as bursts of equal packets released at one instant, and each burst is judged in O(1):
/// what the bucket lets through at once, what waits in the queue, and what the full queue drops.
/// </summary>
public sealed class BurstShaper
{
    private readonly double _baseline;
    private readonly double _burst;
    private readonly double _creditCapacity;
    private readonly double _depth;
    private readonly double _queueCapacity;

    // State as of _at: bytes waiting in the queue, short-term tokens, long-term credit.
    private double _at;
    private double _backlog;
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

    /// <summary>Packets offered so far, retransmissions included.</summary>
    public long PacketsOffered { get; private set; }

    /// <summary>Packets that had to wait in the shaping queue (the allowance was exceeded: they were delayed).
    /// </summary>
    public long PacketsQueued { get; private set; }

    /// <summary>Packets the full queue dropped.</summary>
    public long PacketsDropped { get; private set; }

    public double BytesSent { get; private set; }

    /// <summary>Time the queue was draining (the shaper held the link at the rate in force).</summary>
    public double BusyTime { get; private set; }

    /// <summary>Seconds queued packets waited, summed.</summary>
    public double TotalWait { get; private set; }

    /// <summary>The rate the shaper enforces at the last instant it was brought up to.</summary>
    public double RateInForce => _credit > 0 && _burst > _baseline ? _burst : _baseline;

    /// <summary>When the queue as it stands at <paramref name="now"/> will have drained.</summary>
    public double DrainedAt(double now)
    {
        Advance(now);
        return now + DrainSeconds(_backlog);
    }

    /// <summary>
    /// Offers <paramref name="packets"/> packets of <paramref name="packetBytes"/> released together at
    /// <paramref name="now"/> (not before an earlier offer); the first ones the bucket and queue take are sent in
    /// order, the rest dropped.
    /// </summary>
    public ShapedBurst Offer(double now, int packets, double packetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packets);
        if (!(packetBytes > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(packetBytes), "a packet has a positive size");
        }
        if (now < _at)
        {
            throw new InvalidOperationException("bursts must be offered in time order");
        }
        Advance(now);
        PacketsOffered += packets;
        // Tokens exist only while the queue is empty: those packets leave at line rate, at once.
        int passed = _backlog > 0 ? 0 : (int)Math.Min(packets, Whole(_tokens / packetBytes));
        _tokens -= passed * packetBytes;
        int room = (int)Math.Min(int.MaxValue, Math.Max(0, Whole((_queueCapacity - _backlog) / packetBytes)));
        int queued = Math.Min(packets - passed, room);
        int dropped = packets - passed - queued;
        double waitedBefore = _backlog;
        _backlog += queued * packetBytes;
        double sent = (passed + queued) * packetBytes;
        BytesSent += sent;
        _credit = Math.Max(0, _credit - passed * packetBytes);
        PacketsQueued += queued;
        PacketsDropped += dropped;
        double rate = RateInForce;
        // The j-th queued packet waits for what was ahead of it and j packets: sum over j = 1..queued.
        TotalWait += queued * waitedBefore / rate + packetBytes * queued * (queued + 1.0) / 2 / rate;
        double lastDeparture = queued > 0 ? now + DrainSeconds(_backlog) : now;
        return new ShapedBurst(passed + queued, queued, dropped, lastDeparture);
    }

    // Whole packets in a byte count that refilling at a rate may leave a hair short (0.01 s x 1 MB/s = 9999.99..).
    private static double Whole(double packets) => Math.Floor(packets + 1e-9);

    /// <summary>Drains the queue and refills tokens and credit up to <paramref name="now"/>.</summary>
    private void Advance(double now)
    {
        while (_at < now)
        {
            double dt = now - _at;
            bool bursting = _credit > 0 && _burst > _baseline;
            double rate = bursting ? _burst : _baseline;
            if (_backlog <= 0)
            {
                _credit = Math.Min(_creditCapacity, _credit + _baseline * dt);
                _tokens = Math.Min(_depth, _tokens + rate * dt);
                _at = now;
                return;
            }
            double step = Math.Min(dt, _backlog / rate);
            bool creditRunsOut = bursting && _credit / (_burst - _baseline) < step;
            if (creditRunsOut)
            {
                step = _credit / (_burst - _baseline);
            }
            _backlog = step * rate >= _backlog ? 0 : _backlog - step * rate;
            _credit = creditRunsOut ? 0 : Math.Min(_creditCapacity, _credit - (rate - _baseline) * step);
            BusyTime += step;
            // Landing exactly on now (not at + dt, which may round short of it) ends the loop.
            _at = step >= dt ? now : _at + step;
        }
    }

    /// <summary>Seconds the queue needs to send <paramref name="bytes"/> from the current state, credit included.
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
