using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Fresh heads coalesced (profile <c>redis_fresh_head_coalesced</c>): a subscriber held back from the first copies
/// written to it after it subscribed has nothing in flight, so its socket's unsent head grows with every write up to
/// the size goal and must fit the shaping queue whole, as the starved first-session sockets of the lockstep drop runs
/// (calibration/drop-ss-netlink.md). A packet a copy, PUBLISH by PUBLISH.
/// </summary>
public class ShapedEgressFreshHeadTests
{
    // 1 MB/s (a byte a microsecond), no bucket, a queue of three 150-byte packets; 100 us each way.
    private const double PacketBytes = 150;
    private const double QueueBytes = 450;
    private const double OneWay = 0.0001;

    private static (ShapedEgress Egress, Simulator<ChatEvent> Simulator) Make(int subscribers, bool fresh,
        double headBytes = 1000, int abortAfterProbes = 3)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, QueueBytes);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, PacketBytes, OneWay, subscribers,
            new BinnedAmount(0.001, 100), pacedRecovery: true, 100, OutputBufferLimit.RedisDefault,
            localDrops: true, abortAfterProbes: abortAfterProbes, maxSegmentBytes: headBytes,
            freshHeadCoalesced: fresh);
        for (int s = 0; s < subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, simulator);
    }

    /// <summary>PUBLISHes <paramref name="count"/> messages from <paramref name="first"/>, one a millisecond from
    /// <paramref name="at"/> (the queue drains 450 bytes in 0.45 ms between them), each to every subscriber.
    /// </summary>
    private static void Publish(ShapedEgress egress, double at, int first, int count, int subscribers)
    {
        for (int m = 0; m < count; m++)
        {
            egress.Publish(at + m * 0.001, first + m, subscribers);
        }
    }

    /// <summary>Runs the timers and catch-ups up to <paramref name="until"/>.</summary>
    private static void Run(ShapedEgress egress, Simulator<ChatEvent> simulator, int published, double until) =>
        ShapedEgressDriver.Run(egress, simulator, published, until);

    [Fact]
    public void A_subscriber_refused_its_first_copy_starves_once_its_head_outgrows_the_queue()
    {
        // Four subscribers, a queue of three packets: the last one's first copy is dropped. Every later PUBLISH
        // (1 ms apart) finds the queue full of the others' copies, and by the fourth its held copies (600 bytes)
        // make a head larger than the 450-byte queue: no retry can get it through, and its probes run out.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(4, fresh: true);
        Publish(egress, 0, 0, 4, 4);
        Assert.Equal(1, egress.Stalled);

        Run(egress, simulator, 4, 10);

        Assert.Equal(1, egress.Aborts);
        Assert.Equal(0, egress.Gate(3));
        Assert.Equal(int.MaxValue, egress.Gate(0));
    }

    [Fact]
    public void Without_the_key_the_same_subscriber_gets_through_copy_by_copy()
    {
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(4, fresh: false);
        Publish(egress, 0, 0, 4, 4);

        Run(egress, simulator, 4, 10);

        Assert.Equal(0, egress.Aborts);
        Assert.Equal(0, egress.Stalled);
        Assert.Equal(int.MaxValue, egress.Gate(3));
    }

    [Fact]
    public void A_head_within_the_size_goal_and_the_queue_gets_through_at_its_timer()
    {
        // The same drops, but the size goal (300 bytes) keeps the head below the queue: it fits once the queue has
        // drained, and what it held follows paced.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(4, fresh: true, headBytes: 300);
        Publish(egress, 0, 0, 4, 4);

        Run(egress, simulator, 4, 10);

        Assert.Equal(0, egress.Aborts);
        Assert.Equal(0, egress.Stalled);
        Assert.Equal(int.MaxValue, egress.Gate(3));
    }

    [Fact]
    public void A_subscriber_whose_first_copy_got_through_is_held_back_copy_by_copy()
    {
        // Five PUBLISHes at once: the first's copies fill the queue and drop the last subscriber's; everything after
        // is dropped. Subscribers 0-2 got their first copy through: held back from the second on, they offer one
        // copy at a time and get through at their timer, though their four held copies (600 bytes) would not fit
        // the queue as one head. Only subscriber 3, refused its first copy, offers its whole hold and starves.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(4, fresh: true);
        for (int m = 0; m < 5; m++)
        {
            egress.Publish(0, m, 4);
        }
        Assert.Equal(4, egress.Stalled);

        Run(egress, simulator, 5, 10);

        Assert.Equal(1, egress.Aborts);
        Assert.Equal(0, egress.Gate(3));
        Assert.All([0, 1, 2], s => Assert.Equal(int.MaxValue, egress.Gate(s)));
    }

    [Fact]
    public void Profiles_leave_the_key_off_and_the_fitter_leaves_it_alone()
    {
        ProfileField field = ProfileFields.All.Single(f => f.Key == "redis_fresh_head_coalesced");

        Assert.Equal(0, field.Default);
        Assert.False(field.Fittable);
        Assert.False(TestScenarios.Python.RedisFreshHeadCoalesced);
    }
}
