namespace FanoutSim.Sim.Statistics;

/// <summary>
/// An amount (bytes, say) laid out over time in fixed-width bins, each transfer spread evenly over its interval, so
/// the busiest window of any whole number of bins can be read afterwards: what the average over the run hides.
/// </summary>
public sealed class BinnedAmount
{
    private readonly double _width;
    private double[] _bins;
    private int _used;

    /// <param name="binSeconds">width of one bin</param>
    /// <param name="expectedSeconds">how long the record will likely run (bins are allocated for it up front)</param>
    public BinnedAmount(double binSeconds, double expectedSeconds)
    {
        if (!(binSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(binSeconds), "a bin has a positive width");
        }
        _width = binSeconds;
        _bins = new double[(int)Math.Clamp(Math.Ceiling(expectedSeconds / binSeconds) + 1, 16, 1 << 24)];
    }

    public double BinSeconds => _width;

    public double Total { get; private set; }

    /// <summary>Adds <paramref name="amount"/> spread evenly over [start, end] (all at start when end &lt;= start).
    /// </summary>
    public void Add(double start, double end, double amount)
    {
        if (amount <= 0 || start < 0)
        {
            return;
        }
        Total += amount;
        int first = (int)(start / _width);
        if (end <= start)
        {
            Ensure(first);
            _bins[first] += amount;
            return;
        }
        int last = (int)(end / _width);
        Ensure(last);
        double perSecond = amount / (end - start);
        for (int bin = first; bin <= last; bin++)
        {
            double from = Math.Max(start, bin * _width);
            double to = Math.Min(end, (bin + 1) * _width);
            if (to > from)
            {
                _bins[bin] += perSecond * (to - from);
            }
        }
    }

    /// <summary>The amount in each bin from time 0 up to the last one used.</summary>
    public double[] ToArray() => _bins[.._used];

    /// <summary>The largest amount in any <paramref name="bins"/> consecutive bins (a sliding window).</summary>
    public double PeakOver(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double window = 0;
        double peak = 0;
        for (int i = 0; i < _used; i++)
        {
            window += _bins[i];
            if (i >= bins)
            {
                window -= _bins[i - bins];
            }
            peak = Math.Max(peak, window);
        }
        return peak;
    }

    private void Ensure(int bin)
    {
        if (bin >= _bins.Length)
        {
            // A run longer than expected: grow geometrically, so the copies stay amortised O(1) per bin.
            Array.Resize(ref _bins, Math.Max(bin + 1, _bins.Length * 2));
        }
        _used = Math.Max(_used, bin + 1);
    }
}
