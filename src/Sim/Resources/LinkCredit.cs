namespace FanoutSim.Sim.Resources;

/// <summary>
/// How cloud instances meter network bandwidth: a sustained (baseline) rate that can be held forever, and a faster
/// burst rate paid for from a credit bucket that refills at the baseline rate. Sending at the burst rate drains the
/// credit at (burst - baseline), because it refills meanwhile; the links that send bytes keep one of these.
/// </summary>
public struct LinkCredit
{
    private readonly double _baseline;
    private readonly double _burst;
    private readonly double _bucketCapacity;
    private double _tokens;
    private double _tokensAt;

    /// <param name="baselineBytesPerSecond">rate that can be held forever</param>
    /// <param name="burstBytesPerSecond">peak rate while credit lasts (at least the baseline)</param>
    /// <param name="bucketBytes">credit capacity in bytes</param>
    /// <param name="creditAtStart">share of the capacity held at time 0, 0 to 1</param>
    public LinkCredit(double baselineBytesPerSecond, double burstBytesPerSecond, double bucketBytes,
        double creditAtStart)
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
        _tokensAt = 0;
    }

    /// <summary>Credit in bytes, as of the end of the last sending (or the last refill).</summary>
    public readonly double Tokens => _tokens;

    /// <summary>Adds the credit earned while the link was idle up to <paramref name="now"/>.</summary>
    public void Refill(double now)
    {
        if (now > _tokensAt)
        {
            _tokens = Math.Min(_bucketCapacity, _tokens + _baseline * (now - _tokensAt));
            _tokensAt = now;
        }
    }

    /// <summary>Sends <paramref name="bytes"/> from <paramref name="at"/> (refilled up to it); returns the seconds
    /// they take.</summary>
    public double Send(double at, double bytes)
    {
        double seconds = Seconds(_tokens, bytes, out _tokens);
        _tokensAt = at + seconds;
        return seconds;
    }

    /// <summary>Seconds <paramref name="bytes"/> would take from <paramref name="at"/>, credit earned idle up to it
    /// included; sends nothing.</summary>
    public readonly double SecondsFor(double at, double bytes)
    {
        double tokens = at > _tokensAt ? Math.Min(_bucketCapacity, _tokens + _baseline * (at - _tokensAt)) : _tokens;
        return Seconds(tokens, bytes, out _);
    }

    /// <summary>Sends for <paramref name="seconds"/> from <paramref name="at"/> (refilled up to it); returns the
    /// bytes sent.</summary>
    public double SendFor(double at, double seconds)
    {
        _tokensAt = at + seconds;
        if (_burst <= _baseline || _tokens <= 0)
        {
            _tokens = Math.Max(0, _tokens);
            return seconds * _baseline;
        }
        double drainRate = _burst - _baseline;
        double burstSeconds = _tokens / drainRate;
        if (seconds <= burstSeconds)
        {
            _tokens -= seconds * drainRate;
            return seconds * _burst;
        }
        _tokens = 0;
        return burstSeconds * _burst + (seconds - burstSeconds) * _baseline;
    }

    private readonly double Seconds(double tokens, double bytes, out double tokensAfter)
    {
        if (_burst <= _baseline || tokens <= 0)
        {
            tokensAfter = Math.Max(0, tokens);
            return bytes / _baseline;
        }
        double drainRate = _burst - _baseline;
        double burstSeconds = tokens / drainRate;
        double burstBytes = burstSeconds * _burst;
        if (bytes <= burstBytes)
        {
            double seconds = bytes / _burst;
            tokensAfter = tokens - seconds * drainRate;
            return seconds;
        }
        tokensAfter = 0;
        return burstSeconds + (bytes - burstBytes) / _baseline;
    }
}
