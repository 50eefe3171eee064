using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Tests.Statistics;

public class BinnedAmountTests
{
    [Fact]
    public void A_transfer_is_spread_evenly_over_the_bins_it_spans()
    {
        var trace = new BinnedAmount(0.001);

        // 4 kB from 0.5 ms to 4.5 ms: 500 B in the first and last bins, 1 kB in the three between.
        trace.Add(0.0005, 0.0045, 4000);

        Assert.Equal(1000, trace.PeakOver(1), 9);
        Assert.Equal(2000, trace.PeakOver(2), 9);
        Assert.Equal(4000, trace.PeakOver(10), 9);
        Assert.Equal(4000, trace.Total);
    }

    [Fact]
    public void An_instant_burst_lands_in_one_bin_and_the_peak_window_finds_it_among_others()
    {
        var trace = new BinnedAmount(0.001);
        trace.Add(0.2, 0.2, 500);
        trace.Add(0.7003, 0.7003, 3000);
        trace.Add(0.7011, 0.7011, 1000);

        Assert.Equal(3000, trace.PeakOver(1));
        Assert.Equal(4000, trace.PeakOver(2));
        Assert.Equal(4500, trace.PeakOver(1000));
    }

    [Fact]
    public void A_record_longer_than_expected_grows_and_keeps_everything()
    {
        var trace = new BinnedAmount(0.001);

        trace.Add(5, 5, 10);
        trace.Add(9.9995, 10.0005, 20);

        Assert.Equal(30, trace.PeakOver(20_000), 9);
        Assert.Equal(10, trace.PeakOver(1), 9);
    }

    [Fact]
    public void Amounts_past_the_horizon_count_in_the_total_but_are_not_laid_out()
    {
        var trace = new BinnedAmount(0.001, 1);

        trace.Add(0.5, 0.5, 10);
        trace.Add(0.9995, 100, 20);
        trace.Add(5000, 5000, 40);

        Assert.Equal(70, trace.Total, 9);
        Assert.Equal(1000, trace.ToArray().Length);
        Assert.True(trace.PeakOver(1000) < 11);
    }
}
