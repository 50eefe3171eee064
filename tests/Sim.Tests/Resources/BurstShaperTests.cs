using CsCheck;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Sim.Tests.Resources;

public class BurstShaperTests
{
    // 1 MB/s with no burst credit; a 10 kB bucket and a 20 kB queue; 1 kB packets.
    private static BurstShaper Baseline(double depth = 10_000, double queue = 20_000) =>
        new(1e6, 1e6, 0, 0, depth, queue);

    [Fact]
    public void A_burst_within_the_bucket_leaves_at_once()
    {
        ShapedBurst burst = Baseline().Offer(1, 10, 1000);

        Assert.Equal(new ShapedBurst(10, 0, 0, 1), burst);
    }

    [Fact]
    public void What_the_bucket_cannot_take_waits_in_the_queue_and_drains_at_the_rate()
    {
        BurstShaper shaper = Baseline();

        ShapedBurst burst = shaper.Offer(1, 25, 1000);

        // 10 pass on tokens; 15 kB wait and leave over 15 ms.
        Assert.Equal(25, burst.Accepted);
        Assert.Equal(15, burst.Queued);
        Assert.Equal(0, burst.Dropped);
        Assert.Equal(1.015, burst.LastDeparture, 12);
        Assert.Equal(1.015, shaper.DrainedAt(1), 12);
    }

    [Fact]
    public void The_tail_beyond_bucket_and_queue_is_dropped()
    {
        BurstShaper shaper = Baseline();

        ShapedBurst burst = shaper.Offer(0, 100, 1000);

        Assert.Equal(30, burst.Accepted);
        Assert.Equal(70, burst.Dropped);
        Assert.Equal(70, shaper.PacketsDropped);
        Assert.Equal(30_000, shaper.BytesSent);
    }

    [Fact]
    public void A_queue_that_has_drained_and_a_bucket_that_has_refilled_take_a_full_burst_again()
    {
        BurstShaper shaper = Baseline();
        shaper.Offer(0, 100, 1000);

        // 20 ms drain the queue, 10 ms more refill the 10 kB bucket at 1 MB/s.
        ShapedBurst half = shaper.Offer(0.025, 30, 1000);
        Assert.Equal(5, half.Accepted - half.Queued);

        BurstShaper again = Baseline();
        again.Offer(0, 100, 1000);
        ShapedBurst full = again.Offer(0.030, 30, 1000);
        Assert.Equal(new ShapedBurst(30, 20, 0, 0.050),
            full with { LastDeparture = Math.Round(full.LastDeparture, 12) });
    }

    [Fact]
    public void Credit_buys_the_burst_rate_until_it_is_spent_then_the_baseline_holds()
    {
        // 1 MB/s baseline, 10 MB/s burst, 9 kB of credit: 1 ms at the burst rate (10 kB), then the baseline.
        var shaper = new BurstShaper(1e6, 10e6, 9_000, 1, 0, 1e9);

        ShapedBurst burst = shaper.Offer(0, 30, 1000);

        // 10 kB in 1 ms, the other 20 kB in 20 ms.
        Assert.Equal(0.021, burst.LastDeparture, 9);
        Assert.Equal(0.021, shaper.DrainedAt(0.005), 9);
    }

    [Fact]
    public void Spent_credit_at_the_start_means_the_baseline_from_the_first_packet()
    {
        var shaper = new BurstShaper(1e6, 10e6, 9_000, 0, 0, 1e9);

        ShapedBurst burst = shaper.Offer(0, 30, 1000);

        Assert.Equal(0.030, burst.LastDeparture, 9);
    }

    [Fact]
    public void Bursts_offered_out_of_time_order_are_refused()
    {
        BurstShaper shaper = Baseline();
        shaper.Offer(1, 1, 1000);

        Assert.Throws<InvalidOperationException>(() => shaper.Offer(0.5, 1, 1000));
    }

    private static readonly Gen<(double Gap, int Packets)[]> s_bursts =
        Gen.Select(Gen.Double[0, 0.05], Gen.Int[0, 80]).Array[1, 40];

    [Fact]
    public void Every_packet_is_sent_or_dropped_and_the_queue_never_holds_more_than_its_size()
    {
        s_bursts.Sample(bursts =>
        {
            BurstShaper shaper = Baseline();
            double now = 0;
            long offered = 0;
            foreach ((double gap, int packets) in bursts)
            {
                now += gap;
                ShapedBurst burst = shaper.Offer(now, packets, 1000);
                offered += packets;
                if (burst.Accepted + burst.Dropped != packets || burst.Queued > burst.Accepted)
                {
                    return false;
                }
                // Waiting bytes at the baseline of 1 MB/s: at most the 20 kB queue.
                if (shaper.DrainedAt(now) - now > 0.020 + 1e-12)
                {
                    return false;
                }
            }
            return shaper.PacketsOffered == offered &&
                shaper.BytesSent == (offered - shaper.PacketsDropped) * 1000.0;
        });
    }

    [Fact]
    public void A_deeper_queue_never_drops_more()
    {
        s_bursts.Sample(bursts =>
        {
            BurstShaper shallow = Baseline(queue: 20_000);
            BurstShaper deep = Baseline(queue: 40_000);
            double now = 0;
            foreach ((double gap, int packets) in bursts)
            {
                now += gap;
                shallow.Offer(now, packets, 1000);
                deep.Offer(now, packets, 1000);
            }
            return deep.PacketsDropped <= shallow.PacketsDropped;
        });
    }

    [Fact]
    public void Over_a_long_run_no_more_leaves_than_the_bucket_plus_the_rate_allow()
    {
        s_bursts.Sample(bursts =>
        {
            BurstShaper shaper = Baseline();
            double now = 0;
            foreach ((double gap, int packets) in bursts)
            {
                now += gap;
                shaper.Offer(now, packets, 1000);
            }
            // Everything accepted has left by the time the queue drains.
            double end = shaper.DrainedAt(now);
            return shaper.BytesSent <= 10_000 + 1e6 * end + 1e-6;
        });
    }

    [Fact]
    public void Asking_when_the_queue_drains_moves_nothing()
    {
        BurstShaper shaper = Baseline();
        shaper.Offer(0, 25, 1000);

        Assert.Equal(0.015, shaper.DrainedAt(0.005), 12);
        Assert.Equal(0.5, shaper.DrainedAt(0.5), 12);
        ShapedBurst later = shaper.Offer(0.001, 5, 1000);

        // 14 kB still queued at 1 ms: the new 5 kB wait behind them.
        Assert.Equal(new ShapedBurst(5, 5, 0, 0.020),
            later with { LastDeparture = Math.Round(later.LastDeparture, 12) });
    }

    [Fact]
    public void A_packet_that_must_fit_the_queue_is_dropped_when_larger_than_all_of_it_tokens_or_not()
    {
        // A 30 kB bucket would let the 25 kB packet out at once; the 20 kB queue it must pass through cannot hold it.
        ShapedBurst throughQueue = Baseline(depth: 30_000).Offer(1, 1, 25_000, mustFitQueue: true);
        ShapedBurst onTokens = Baseline(depth: 30_000).Offer(1, 1, 25_000);

        Assert.Equal(new ShapedBurst(0, 0, 1, 1), throughQueue);
        Assert.Equal(new ShapedBurst(1, 0, 0, 1), onTokens);
    }

    [Fact]
    public void A_packet_that_must_fit_the_queue_and_does_is_judged_as_any_other()
    {
        ShapedBurst judged = Baseline().Offer(1, 3, 8_000, mustFitQueue: true);

        Assert.Equal(Baseline().Offer(1, 3, 8_000), judged);
    }
}
