namespace FanoutSim.ChatServer.Tests;

/// <summary>When the server gives a burst's memory back (MemoryTrimmer's rule, without a clock).</summary>
public sealed class TrimWatchTests
{
    [Fact]
    public void Trims_once_the_count_has_stayed_at_a_quarter_of_its_peak_for_the_quiet_time()
    {
        var watch = new TrimWatch(quietSeconds: 3, minimumDrop: 64);
        Assert.Null(watch.Observe(1000));
        Assert.Null(watch.Observe(250));
        Assert.Null(watch.Observe(10));
        Assert.Equal(1000, watch.Observe(0));
    }

    [Fact]
    public void A_count_back_above_a_quarter_starts_the_quiet_time_over()
    {
        var watch = new TrimWatch(quietSeconds: 2, minimumDrop: 64);
        watch.Observe(1000);
        Assert.Null(watch.Observe(100));
        Assert.Null(watch.Observe(251));
        Assert.Null(watch.Observe(100));
        Assert.Equal(1000, watch.Observe(100));
    }

    [Fact]
    public void After_a_trim_the_peak_starts_from_the_count_then()
    {
        var watch = new TrimWatch(quietSeconds: 1, minimumDrop: 64);
        watch.Observe(1000);
        Assert.Equal(1000, watch.Observe(0));
        // Nothing new came and went: no second collection for the same burst.
        for (int i = 0; i < 10; i++)
        {
            Assert.Null(watch.Observe(0));
        }
    }

    [Fact]
    public void A_small_room_coming_and_going_is_not_a_burst()
    {
        var watch = new TrimWatch(quietSeconds: 1, minimumDrop: 64);
        watch.Observe(40);
        for (int i = 0; i < 10; i++)
        {
            Assert.Null(watch.Observe(0));
        }
    }
}
