using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// The head of Redis' write order (profile <c>redis_last_subscribed_first</c>): Redis puts a client that gets output at
/// the head of its pending-write list and writes that list from the head, so a PUBLISH fanned out in SUBSCRIBE order
/// is written last-subscribed first, and a full queue refuses the earliest subscribers. And idle heads
/// (<c>redis_idle_head_coalesced</c>, with per-iteration writes and fresh heads): a subscriber refused while nothing
/// of it is in flight waits for its probe timer with its whole hold as one head, whenever that happens
/// (calibration/drop-ss-netlink-openings.md: the last fifth of SUBSCRIBE order is spared).
/// </summary>
public class ShapedEgressWriteOrderTests
{
    // 1 MB/s (a byte a microsecond), no bucket, a queue of three 150-byte packets; 100 us each way.
    private const double PacketBytes = 150;
    private const double QueueBytes = 450;
    private const double OneWay = 0.0001;

    private static (ShapedEgress Egress, Simulator<ChatEvent> Simulator) Make(int ids,
        int subscribed, bool lastFirst = false, bool iterationWrites = false, bool idleHeads = false)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, QueueBytes);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, PacketBytes, OneWay, ids, new BinnedAmount(0.001, 100),
            pacedRecovery: true, 100, OutputBufferLimit.RedisDefault, iterationWrites: iterationWrites,
            localDrops: true, abortAfterProbes: 3, maxSegmentBytes: 1000, freshHeadCoalesced: idleHeads,
            lastSubscribedFirst: lastFirst, idleHeadCoalesced: idleHeads);
        for (int s = 0; s < subscribed; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, simulator);
    }

    /// <summary>Runs the timers and catch-ups up to <paramref name="until"/>.</summary>
    private static void Run(ShapedEgress egress, Simulator<ChatEvent> simulator, int published, double until) =>
        ShapedEgressDriver.Run(egress, simulator, published, until);

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 0)]
    public void A_burst_the_queue_cannot_hold_loses_the_end_of_the_write_order(bool lastFirst, int refused)
    {
        // Four copies, room for three: SUBSCRIBE order loses the newest subscriber's, Redis' order the oldest's.
        (ShapedEgress egress, _) = Make(4, 4, lastFirst);

        egress.Publish(0, 0, 4);

        Assert.Equal(1, egress.Stalled);
        for (int s = 0; s < 4; s++)
        {
            Assert.Equal(s == refused ? 0 : int.MaxValue, egress.Gate(s));
        }
    }

    [Fact]
    public void The_oldest_subscriber_gone_the_next_oldest_is_written_last()
    {
        // Subscriber 0 unsubscribes and 4 subscribes: written 4, 3, 2, 1, so the queue refuses 1.
        (ShapedEgress egress, _) = Make(5, 4, lastFirst: true);
        egress.Unsubscribe(0);
        egress.Subscribe(4);

        egress.Publish(0, 0, 4);

        Assert.Equal(0, egress.Gate(1));
        Assert.All([2, 3, 4], s => Assert.Equal(int.MaxValue, egress.Gate(s)));
    }

    /// <summary>
    /// Per-iteration writes: one iteration of message 0 at 0 (each of three subscribers' copy queued, the queue then
    /// full), then one of messages 1-4 at <paramref name="at"/> (four copies each, twelve packets).
    /// </summary>
    private static void TwoIterations(ShapedEgress egress, double at)
    {
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.WriteIterationsDueBy(2e-6);
        for (int m = 1; m <= 4; m++)
        {
            egress.PublishInIteration(at, at + m * 1e-6, m, 3);
        }
        egress.WriteIterationsDueBy(at + 1e-5);
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 0)]
    public void A_subscriber_refused_with_nothing_in_flight_offers_its_whole_hold_and_starves(bool idleHeads,
        long aborts)
    {
        // The first copies leave by 0.45 ms and their ACKs are back by 0.65; at 10 ms the queue takes three of
        // the twelve packets, all subscriber 0's, and refuses subscribers 1 and 2 whole. Idle, each of those holds
        // four copies (600 bytes), one head larger than the 450-byte queue: its probes fail until the abort.
        // Subscriber 0 has three copies in flight, so an ACK pushes it: copy by copy, as everyone without the key.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(3, 3, iterationWrites: true,
            idleHeads: idleHeads);
        TwoIterations(egress, 0.010);
        Assert.Equal(3, egress.Stalled);

        Run(egress, simulator, 5, 20);

        Assert.Equal(aborts, egress.Aborts);
        Assert.Equal(int.MaxValue, egress.Gate(0));
        Assert.All([1, 2], s => Assert.Equal(idleHeads ? 1 : int.MaxValue, egress.Gate(s)));
    }

    [Fact]
    public void A_subscriber_refused_while_its_last_copy_is_still_queued_goes_copy_by_copy()
    {
        // The second iteration comes at 0.2 ms, while every subscriber's first copy is still queued or its ACK on
        // its way: none is idle, so each is held back copy by copy and gets through.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(3, 3, iterationWrites: true,
            idleHeads: true);
        TwoIterations(egress, 0.0002);
        Assert.Equal(3, egress.Stalled);

        Run(egress, simulator, 5, 20);

        Assert.Equal(0, egress.Aborts);
        Assert.Equal(0, egress.Stalled);
        Assert.All([0, 1, 2], s => Assert.Equal(int.MaxValue, egress.Gate(s)));
    }

    [Theory]
    [InlineData("redis_last_subscribed_first")]
    [InlineData("redis_idle_head_coalesced")]
    public void Profiles_leave_the_keys_off_and_the_fitter_leaves_them_alone(string key)
    {
        ProfileField field = ProfileFields.All.Single(f => f.Key == key);

        Assert.Equal(0, field.Default);
        Assert.False(field.Fittable);
        Assert.False(TestScenarios.Python.RedisLastSubscribedFirst || TestScenarios.Python.RedisIdleHeadCoalesced);
    }
}
