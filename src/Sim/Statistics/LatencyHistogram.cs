namespace FanoutSim.Sim.Statistics;

/// <summary>
/// Counts of positive durations in logarithmic buckets (128 per power of two: under 0.8 % relative error, from about
/// a microsecond to hours), so quantiles of millions of samples cost a fixed 35 kB and nothing per sample.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 7;
    private const int SubMask = (1 << SubBits) - 1;

    // 2^-20 s (about 1 us) up to 2^14 s (about 4.5 h); shorter and longer samples land in the end buckets.
    private const int MinExponent = -20;
    private const int MaxExponent = 14;

    private readonly long[] _counts = new long[(MaxExponent - MinExponent) << SubBits];

    public long Count { get; private set; }

    public double Max { get; private set; }

    public void Add(double seconds)
    {
        Count++;
        if (seconds > Max)
        {
            Max = seconds;
        }
        _counts[Index(seconds)]++;
    }

    /// <summary>The <paramref name="q"/>-quantile (0 to 1), the middle of its bucket; 0 with no samples.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }
        long rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(q, 0, 1) * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                // The last bucket also holds everything longer than its range: its one exact value is the maximum.
                return i == _counts.Length - 1 ? Max : Math.Min(ValueOf(i), Max);
            }
        }
        return Max;
    }

    private static int Index(double seconds)
    {
        if (!(seconds > Math.ScaleB(1.0, MinExponent)))
        {
            return 0;
        }
        long bits = BitConverter.DoubleToInt64Bits(seconds);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        int sub = (int)(bits >> (52 - SubBits)) & SubMask;
        return Math.Min(((exponent - MinExponent) << SubBits) | sub, ((MaxExponent - MinExponent) << SubBits) - 1);
    }

    private static double ValueOf(int index) =>
        Math.ScaleB(1 + ((index & SubMask) + 0.5) / (1 << SubBits), (index >> SubBits) + MinExponent);
}
