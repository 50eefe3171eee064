using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Tests;

public class ResourceTests
{
    [Fact]
    public void Token_bucket_link_bursts_while_credit_lasts_then_falls_to_baseline()
    {
        // 1 MB/s baseline, 10 MB/s burst, 9 MB of credit: a full bucket lasts 1 s at burst.
        var link = new TokenBucketLink(1e6, 10e6, 9e6);
        (double start, double end) = link.Transmit(0, 5e6);
        Assert.Equal(0.5, end - start, 9);
        // 4.5 MB credit left: bursts 0.5 s (5 MB) then 5 MB at baseline (5 s).
        (double s2, double e2) = link.Transmit(end, 10e6);
        Assert.Equal(5.5, e2 - s2, 9);
        Assert.Equal(0, link.Credit, 6);
    }

    [Fact]
    public void Token_bucket_credit_refills_at_the_baseline_rate_while_idle()
    {
        var link = new TokenBucketLink(1e6, 10e6, 9e6);
        link.Transmit(0, 10e6);
        Assert.Equal(0, link.Credit, 6);
        link.Transmit(link.FreeAt + 2, 1);
        Assert.InRange(link.Credit, 2e6 - 10, 2e6);
    }

    [Fact]
    public void Fifo_server_queues_jobs_that_arrive_while_it_is_busy()
    {
        var server = new FifoServer();
        Assert.Equal(2, server.Submit(0, 2));
        Assert.Equal(5, server.Submit(1, 3));
        Assert.Equal(1, server.TotalWait);
        Assert.Equal(2, server.MaxInSystem);
        Assert.Equal(12, server.Submit(10, 2));
    }

    [Fact]
    public void Confidence_interval_uses_the_student_t_quantile()
    {
        var ci = ConfidenceInterval.Of([1.0, 2.0, 3.0, 4.0, 5.0]);
        Assert.Equal(3, ci.Mean, 12);
        // t(0.975, 4) = 2.776445; s = sqrt(2.5); half-width = t * s / sqrt(5).
        Assert.Equal(2.776445 * Math.Sqrt(2.5) / Math.Sqrt(5), ci.HalfWidth, 5);
    }

    [Fact]
    public void Time_weighted_average_weights_each_level_by_how_long_it_held()
    {
        var avg = new TimeWeightedAverage();
        avg.Set(0, 0);
        avg.Set(1, 10);
        avg.Set(3, 4);
        Assert.Equal((0 * 1 + 10 * 2 + 4 * 1) / 4.0, avg.AverageUntil(4), 12);
        Assert.Equal(10, avg.Maximum);
    }
}
