namespace FanoutSim.Sim.Resources;

/// <summary>
/// A FIFO link with a sustained (baseline) rate and a faster burst rate paid for from a credit
/// bucket that refills at the baseline rate, as cloud instances meter network bandwidth.
/// Transfers are fluid: each one occupies the link for bytes / rate, switching rate when credit runs out.
/// </summary>
public sealed class TokenBucketLink
{
    private LinkCredit _credit;
    private double _lastReady = double.NegativeInfinity;

    /// <param name="baselineBytesPerSecond">rate that can be held forever</param>
    /// <param name="burstBytesPerSecond">peak rate while credit lasts (at least the baseline)</param>
    /// <param name="bucketBytes">credit capacity in bytes</param>
    /// <param name="creditAtStart">share of the capacity held at time 0, 0 to 1</param>
    public TokenBucketLink(double baselineBytesPerSecond, double burstBytesPerSecond, double bucketBytes,
        double creditAtStart = 1) =>
        _credit = new LinkCredit(baselineBytesPerSecond, burstBytesPerSecond, bucketBytes, creditAtStart);

    public double FreeAt { get; private set; }

    public double BusyTime { get; private set; }

    public double BytesSent { get; private set; }

    public double TotalWait { get; private set; }

    public long Transfers { get; private set; }

    public double Credit => _credit.Tokens;

    /// <summary>Sends <paramref name="bytes"/> once the link is free; returns (start, end) of the transfer.</summary>
    public (double Start, double End) Transmit(double ready, double bytes)
    {
        if (ready < _lastReady)
        {
            throw new InvalidOperationException("transfers must be submitted in ready order");
        }
        _lastReady = ready;
        double start = Math.Max(ready, FreeAt);
        _credit.Refill(start);
        double duration = _credit.Send(start, bytes);
        FreeAt = start + duration;
        BusyTime += duration;
        BytesSent += bytes;
        TotalWait += start - ready;
        Transfers++;
        return (start, FreeAt);
    }
}
