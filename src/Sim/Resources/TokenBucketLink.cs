namespace FanoutSim.Sim.Resources;

/// <summary>
/// A FIFO link with a sustained (baseline) rate and a faster burst rate paid for from a credit
/// bucket that refills at the baseline rate, as cloud instances meter network bandwidth.
/// Transfers are fluid: each one occupies the link for bytes / rate, switching rate when credit runs out.
/// </summary>
public sealed class TokenBucketLink
{
    private readonly double _baseline;
    private readonly double _burst;
    private readonly double _bucketCapacity;
    private double _tokens;
    private double _tokensAt;
    private double _lastReady = double.NegativeInfinity;

    /// <param name="baselineBytesPerSecond">rate that can be held forever</param>
    /// <param name="burstBytesPerSecond">peak rate while credit lasts (at least the baseline)</param>
    /// <param name="bucketBytes">credit capacity in bytes</param>
    /// <param name="creditAtStart">share of the capacity held at time 0, 0 to 1</param>
    public TokenBucketLink(double baselineBytesPerSecond, double burstBytesPerSecond, double bucketBytes,
        double creditAtStart = 1)
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
        _baseline = baselineBytesPerSecond;
        _burst = burstBytesPerSecond;
        _bucketCapacity = Math.Max(0, bucketBytes);
        if (creditAtStart is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(creditAtStart), "credit at start is a share from 0 to 1");
        }
        _tokens = _bucketCapacity * creditAtStart;
    }

    public double FreeAt { get; private set; }

    public double BusyTime { get; private set; }

    public double BytesSent { get; private set; }

    public double TotalWait { get; private set; }

    public long Transfers { get; private set; }

    public double Credit => _tokens;

    /// <summary>Sends <paramref name="bytes"/> once the link is free; returns (start, end) of the transfer.</summary>
    public (double Start, double End) Transmit(double ready, double bytes)
    {
        if (ready < _lastReady)
        {
            throw new InvalidOperationException("transfers must be submitted in ready order");
        }
        _lastReady = ready;
        double start = Math.Max(ready, FreeAt);
        Refill(start);
        double duration = Duration(bytes);
        FreeAt = start + duration;
        _tokensAt = FreeAt;
        BusyTime += duration;
        BytesSent += bytes;
        TotalWait += start - ready;
        Transfers++;
        return (start, FreeAt);
    }

    private void Refill(double now)
    {
        if (now > _tokensAt)
        {
            _tokens = Math.Min(_bucketCapacity, _tokens + _baseline * (now - _tokensAt));
            _tokensAt = now;
        }
    }

    private double Duration(double bytes)
    {
        if (_burst <= _baseline || _tokens <= 0)
        {
            _tokens = Math.Max(0, _tokens);
            return bytes / _baseline;
        }
        // Sending at the burst rate drains credit at (burst - baseline) because it refills meanwhile.
        double drainRate = _burst - _baseline;
        double burstSeconds = _tokens / drainRate;
        double burstBytes = burstSeconds * _burst;
        if (bytes <= burstBytes)
        {
            double seconds = bytes / _burst;
            _tokens -= seconds * drainRate;
            return seconds;
        }
        _tokens = 0;
        return burstSeconds + (bytes - burstBytes) / _baseline;
    }
}
