using CsCheck;
using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Linux's timer wheel (kernel/time/timer.c, calc_wheel_index): a timer lands in a bucket of its level, 1 jiffy wide
/// below 63 jiffies out, 8 up to 503, 64 up to 4,031 (8 times more each level on), and fires at the bucket's end,
/// never early. At HZ = 250 (this machine's kernel) a jiffy is 4 ms: TCP's 200 ms first timeout has 4 ms buckets,
/// its 500 ms probes 32 ms ones.
/// </summary>
public class KernelTimerWheelTests
{
    [Theory]
    [InlineData(0.0000, 0.2, 0.204)]   // jiffy 0 + 50 -> level 0, the next jiffy: 51
    [InlineData(0.0039, 0.2, 0.204)]   // still jiffy 0
    [InlineData(0.0041, 0.2, 0.208)]   // jiffy 1
    [InlineData(0.0000, 0.5, 0.512)]   // 125 jiffies -> level 1: (125 >> 3) + 1 = 16 granules of 8 = 128
    [InlineData(0.0119, 0.5, 0.512)]   // jiffy 2 + 125 = 127: the same bucket
    [InlineData(0.0121, 0.5, 0.544)]   // jiffy 3 + 125 = 128: the next one, 32 ms on
    [InlineData(0.0000, 3.0, 3.072)]   // 750 jiffies -> level 2: 64-jiffy (256 ms) buckets, (750 >> 6) + 1 = 12
    public void A_timer_fires_at_the_end_of_its_bucket_at_250_hz(double armedAt, double timeout, double fires)
    {
        Assert.Equal(fires, KernelTimerWheel.Expiry(armedAt, timeout, 250), 9);
    }

    [Fact]
    public void Probes_armed_within_one_32_ms_bucket_fire_together()
    {
        double[] fired = [.. new[] { 0.204, 0.210, 0.220, 0.2359 }.Select(t => KernelTimerWheel.Expiry(t, 0.5, 250))];

        Assert.All(fired, t => Assert.Equal(fired[0], t, 12));
    }

    [Fact]
    public void No_timer_fires_early_nor_later_than_one_granule_past_its_timeout()
    {
        // Up to 16 s: three levels at any of these rates.
        double[] rates = [100, 250, 1000];
        Gen.Select(Gen.Double[0, 100], Gen.Double[0.001, 16], Gen.Int[0, 2].Select(i => rates[i]))
            .Sample((armedAt, timeout, hz) =>
            {
                double fires = KernelTimerWheel.Expiry(armedAt, timeout, hz);
                double jiffies = Math.Ceiling(timeout * hz - 1e-9);
                double granule = jiffies < 63 ? 1 : jiffies < 504 ? 8 : jiffies < 4032 ? 64 : 512;
                return fires > armedAt + timeout - 1e-9 && fires <= armedAt + (jiffies + granule) / hz + 1e-9;
            });
    }
}
