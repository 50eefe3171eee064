using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>When a user's sends fall in a session, class by class, as the model times them.</summary>
public class SendClockTests
{
    private static List<TimeSpan> Session(SendTiming timing, double sessionSeconds, ulong seed = 1, int user = 0)
    {
        var clock = new SendClock(timing, SendClock.Stream(seed, user));
        clock.Restart();
        var sends = new List<TimeSpan>();
        // Sends strictly before the close; one landing on it races the close (k6), and is left out here.
        for (TimeSpan at = clock.Next(); at < TimeSpan.FromSeconds(sessionSeconds); at = clock.Next())
        {
            sends.Add(at);
        }
        return sends;
    }

    [Fact]
    public void A_class_at_2_s_sends_half_as_often_as_one_at_1_s_on_exact_ticks()
    {
        List<TimeSpan> every1 = Session(new SendTiming(1, SendProcess.Ticks, 0), 60);
        List<TimeSpan> every2 = Session(new SendTiming(2, SendProcess.Ticks, 0), 60);
        Assert.Equal(Enumerable.Range(1, 59).Select(k => TimeSpan.FromSeconds(k)), every1);
        Assert.Equal(Enumerable.Range(1, 29).Select(k => TimeSpan.FromSeconds(2 * k)), every2);
    }

    [Fact]
    public void Poisson_sends_have_the_mean_rate_of_the_interval()
    {
        // 10,000 s of sends every 2 s on average: 5,000 expected, sd sqrt(5,000) = 71; 4 sd either side.
        List<TimeSpan> sends = Session(new SendTiming(2, SendProcess.Poisson, 0), 10_000);
        Assert.InRange(sends.Count, 5000 - 283, 5000 + 283);
        double[] gaps = sends.Zip(sends.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.All(gaps, g => Assert.True(g >= 0));
        // Exponential gaps: the standard deviation is the mean (a tick's would be 0).
        double mean = gaps.Average();
        double sd = Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean)));
        Assert.InRange(sd / mean, 0.9, 1.1);
    }

    [Fact]
    public void A_jittered_send_falls_within_the_jitter_after_its_tick_and_spreads_over_it()
    {
        List<TimeSpan> sends = Session(new SendTiming(1, SendProcess.Ticks, 0.3), 2000);
        Assert.Equal(1999, sends.Count);
        double[] late = sends.Select((at, i) => at.TotalSeconds - (i + 1)).ToArray();
        Assert.All(late, l => Assert.InRange(l, 0, 0.3));
        Assert.InRange(late.Min(), 0, 0.01);
        Assert.InRange(late.Max(), 0.29, 0.3);
        Assert.InRange(late.Average(), 0.14, 0.16);
    }

    [Fact]
    public void Each_session_counts_from_its_own_open()
    {
        var clock = new SendClock(new SendTiming(0.5, SendProcess.Ticks, 0), null);
        clock.Restart();
        Assert.Equal((TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)), (clock.Next(), clock.Next()));
        clock.Restart();
        Assert.Equal(TimeSpan.FromSeconds(0.5), clock.Next());
    }

    [Fact]
    public void A_seed_and_a_user_fix_the_sends_and_another_user_draws_others()
    {
        var poisson = new SendTiming(1, SendProcess.Poisson, 0);
        Assert.Equal(Session(poisson, 30, seed: 7, user: 3), Session(poisson, 30, seed: 7, user: 3));
        Assert.NotEqual(Session(poisson, 30, seed: 7, user: 3), Session(poisson, 30, seed: 7, user: 4));
        Assert.NotEqual(Session(poisson, 30, seed: 7, user: 3), Session(poisson, 30, seed: 8, user: 3));
    }
}
