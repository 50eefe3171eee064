using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Tests.Statistics;

public class LatencyHistogramTests
{
    [Fact]
    public void Quantiles_are_within_one_percent_of_the_exact_ones()
    {
        var histogram = new LatencyHistogram();
        // 1 ms to 1 s, evenly on a log scale.
        double[] samples = Enumerable.Range(0, 30_001).Select(i => Math.Pow(10, -3 + 3.0 * i / 30_000)).ToArray();
        foreach (double s in samples)
        {
            histogram.Add(s);
        }

        foreach (double q in new[] { 0.5, 0.95, 0.99 })
        {
            double exact = samples[(int)Math.Ceiling(q * samples.Length) - 1];
            Assert.InRange(histogram.Quantile(q), exact * 0.99, exact * 1.01);
        }
        Assert.Equal(1.0, histogram.Max, 12);
        Assert.Equal(samples.Length, histogram.Count);
    }

    [Fact]
    public void Samples_outside_the_range_land_in_the_end_buckets_and_the_maximum_stays_exact()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(-1);
        histogram.Add(0);
        histogram.Add(1e6);

        Assert.Equal(3, histogram.Count);
        Assert.Equal(1e6, histogram.Max);
        Assert.True(histogram.Quantile(0.5) < 1e-5);
        Assert.Equal(1e6, histogram.Quantile(1));
    }

    [Fact]
    public void An_empty_histogram_says_zero()
    {
        Assert.Equal(0, new LatencyHistogram().Quantile(0.99));
    }
}
