namespace FanoutSim.Sim.Statistics;

/// <summary>
/// An amount (bytes, say) laid out over time in fixed-width bins, each transfer spread evenly over its interval, so
/// the busiest window of any whole number of bins can be read afterwards: what the average over the run hides.
/// Bins live in 8 kB chunks allocated as time reaches them, so a long run never needs one large array.
/// </summary>
public sealed class BinnedAmount
{
    private const int ChunkBits = 10;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly double _width;
    private readonly int _maxBins;
    private readonly List<double[]> _chunks = new();
    private int _used;

    /// <param name="binSeconds">width of one bin</param>
    /// <param name="horizonSeconds">the time after which amounts still count in <see cref="Total"/> but are no longer
    /// laid out (a backlog can push departures far past the end of the run)</param>
    public BinnedAmount(double binSeconds, double horizonSeconds = 3600)
    {
        if (!(binSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(binSeconds), "a bin has a positive width");
        }
        _width = binSeconds;
        _maxBins = (int)Math.Clamp(Math.Ceiling(horizonSeconds / binSeconds), 1, int.MaxValue / 2);
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
        if (start >= _maxBins * _width)
        {
            return;
        }
        int first = (int)(start / _width);
        if (end <= start)
        {
            Ensure(first);
            _chunks[first >> ChunkBits][first & ChunkMask] += amount;
            return;
        }
        int last = (int)Math.Min(end / _width, _maxBins - 1);
        Ensure(last);
        double perSecond = amount / (end - start);
        for (int bin = first; bin <= last; bin++)
        {
            double from = Math.Max(start, bin * _width);
            double to = Math.Min(end, (bin + 1) * _width);
            if (to > from)
            {
                _chunks[bin >> ChunkBits][bin & ChunkMask] += perSecond * (to - from);
            }
        }
    }

    /// <summary>The amount in each bin from time 0 up to the last one used.</summary>
    public double[] ToArray()
    {
        double[] all = new double[_used];
        for (int i = 0; i < _used; i++)
        {
            all[i] = At(i);
        }
        return all;
    }

    /// <summary>The largest amount in any <paramref name="bins"/> consecutive bins (a sliding window).</summary>
    public double PeakOver(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double window = 0;
        double peak = 0;
        for (int i = 0; i < _used; i++)
        {
            window += At(i);
            if (i >= bins)
            {
                window -= At(i - bins);
            }
            peak = Math.Max(peak, window);
        }
        return peak;
    }

    private double At(int bin) => _chunks[bin >> ChunkBits][bin & ChunkMask];

    private void Ensure(int bin)
    {
        while (_chunks.Count <= bin >> ChunkBits)
        {
            _chunks.Add(new double[ChunkSize]);
        }
        _used = Math.Max(_used, bin + 1);
    }
}
