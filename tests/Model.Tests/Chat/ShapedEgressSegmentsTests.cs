using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A shaped egress that knows its link's segment size: while a subscriber is held back behind a lost packet, what
/// Redis writes to it coalesces in its socket and leaves as segments of up to the MSS, so one drop holds back many
/// copies. Without a segment size every copy is its own packet, as before.
/// </summary>
public class ShapedEgressSegmentsTests
{
    // 1 MB/s, no bucket, a 4 kB queue; copies of 100 bytes plus 50 of headers (150 on the wire alone).
    private const double CopyBytes = 100;
    private const double HeaderBytes = 50;
    private const int Subscribers = 27;
    private const int Stalled = Subscribers - 1;

    private sealed record Setup(ShapedEgress Egress, BurstShaper Shaper, Simulator<ChatEvent> Simulator);

    private static Setup Make(CopySegments? segments, bool paced = false)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, 4000);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, 0.0001, Subscribers,
            new BinnedAmount(0.001, 10), paced, 10, OutputBufferLimit.RedisDefault, segments);
        for (int s = 0; s < Subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return new Setup(egress, shaper, simulator);
    }

    /// <summary>
    /// At t = 0 message 0's 27 copies fill the 4 kB queue (26 x 150 bytes) and the last subscriber's is dropped;
    /// messages 1-24 follow at once, for it alone, and its every retry meets the full queue: it holds 25 copies.
    /// </summary>
    private static Setup HeldBack(CopySegments? segments, bool paced = false)
    {
        Setup setup = Make(segments, paced);
        setup.Egress.Publish(0, 0, Subscribers);
        for (int message = 1; message < 25; message++)
        {
            setup.Egress.Publish(0, message, 1);
        }
        return setup;
    }

    private static List<ChatEvent> CatchUps(Simulator<ChatEvent> simulator)
    {
        var found = new List<ChatEvent>();
        while (simulator.TryNext(out ChatEvent e))
        {
            if (e.Kind == ChatEventKind.RedisCatchUp)
            {
                found.Add(e);
            }
        }
        return found;
    }

    [Fact]
    public void Every_copy_behind_a_dropped_packet_is_held_back_until_it_gets_through()
    {
        Setup setup = HeldBack(new CopySegments(CopyBytes, HeaderBytes, 1000));

        Assert.Equal(1 + 24, setup.Shaper.PacketsDropped);
        Assert.Equal(0, setup.Egress.Gate(Stalled));
        Assert.Equal(1, setup.Egress.Stalled);
        Assert.Empty(CatchUps(setup.Simulator));
    }

    [Fact]
    public void A_held_back_subscribers_copies_leave_in_ceil_bytes_over_mss_segments()
    {
        Setup setup = HeldBack(new CopySegments(CopyBytes, HeaderBytes, 1000));
        long offered = setup.Shaper.PacketsOffered;
        double sent = setup.Shaper.BytesSent;

        // Its timer fires once the queue has drained: 25 copies of 100 bytes are 2,500 bytes, three segments.
        setup.Egress.Retransmit(Stalled, ShapedEgress.MinRetransmitSeconds, 25);

        Assert.Equal(3, setup.Shaper.PacketsOffered - offered);
        Assert.Equal(25 * CopyBytes + 3 * HeaderBytes, setup.Shaper.BytesSent - sent);
        Assert.Equal(0, setup.Egress.Stalled);
        Assert.Equal(25, Assert.Single(CatchUps(setup.Simulator)).UpTo);
    }

    [Fact]
    public void Paced_recovery_sends_the_same_segments_after_the_head()
    {
        Setup setup = HeldBack(new CopySegments(CopyBytes, HeaderBytes, 1000), paced: true);
        long offered = setup.Shaper.PacketsOffered;

        setup.Egress.Retransmit(Stalled, ShapedEgress.MinRetransmitSeconds, 25);

        Assert.Equal(3, setup.Shaper.PacketsOffered - offered);
        Assert.Equal(25, Assert.Single(CatchUps(setup.Simulator)).UpTo);
    }

    [Fact]
    public void A_dropped_segment_holds_back_every_copy_in_it()
    {
        Setup setup = HeldBack(new CopySegments(CopyBytes, HeaderBytes, 1000));
        long dropped = setup.Shaper.PacketsDropped;

        // Message 25 fills the drained queue again (26 fresh copies) before the held subscriber's turn: its head
        // segment (copies 0-9 of the 26 it holds) is dropped, and with it all of them.
        setup.Egress.Publish(ShapedEgress.MinRetransmitSeconds, 25, Subscribers);

        Assert.Equal(dropped + 1, setup.Shaper.PacketsDropped);
        Assert.Equal(0, setup.Egress.Gate(Stalled));
        Assert.Equal(1, setup.Egress.Stalled);
        Assert.Empty(CatchUps(setup.Simulator));
    }

    [Fact]
    public void A_head_segment_larger_than_the_whole_queue_never_gets_through()
    {
        // 8 kB segments: 25 held copies make a 2.5 kB head, which fits; 45 make a 4.55 kB one, which never does.
        Setup setup = HeldBack(new CopySegments(CopyBytes, HeaderBytes, 8000));
        for (int message = 25; message < 45; message++)
        {
            setup.Egress.Publish(0, message, 1);
        }
        long dropped = setup.Shaper.PacketsDropped;

        setup.Egress.Retransmit(Stalled, ShapedEgress.MinRetransmitSeconds, 45);

        Assert.Equal(dropped + 1, setup.Shaper.PacketsDropped);
        Assert.Equal(1, setup.Egress.Stalled);
        Assert.Empty(CatchUps(setup.Simulator));
    }

    [Fact]
    public void Without_a_segment_size_every_copy_is_its_own_packet_as_before()
    {
        Setup setup = HeldBack(segments: null);
        long offered = setup.Shaper.PacketsOffered;

        setup.Egress.Retransmit(Stalled, ShapedEgress.MinRetransmitSeconds, 25);

        // The lost copy alone, then a window of Linux's initial ten segments less that one: 1 + 9 copies.
        Assert.Equal(10, setup.Shaper.PacketsOffered - offered);
        Assert.Equal(10, Assert.Single(CatchUps(setup.Simulator)).UpTo);
    }

    [Fact]
    public void In_a_lockstep_room_held_back_copies_leave_in_fewer_packets_than_copies()
    {
        // 100 users ticking together on a t4g.small held to its baseline with a 256 kB queue: a tenth of a tick fits.
        Scenario room = TestScenarios.Room(100, sessions: 2, tasks: 2, profile: TestScenarios.Instant);
        var shaping = new EgressShaping(64_000, 256_000, 0.128);
        RedisShapingMetrics perCopy = Shaped(room, shaping);
        RedisShapingMetrics coalesced = Shaped(room, shaping with { MssBytes = 8949 });

        Assert.True(perCopy.PacketsDropped > 0);
        Assert.True(coalesced.PacketsOffered < perCopy.PacketsOffered,
            $"{coalesced.PacketsOffered} packets coalesced against {perCopy.PacketsOffered} one per copy");
    }

    private static RedisShapingMetrics Shaped(Scenario room, EgressShaping shaping)
    {
        Scenario s = room with
        {
            Deployment = room.Deployment with { RedisNode = TestScenarios.SmallNode with { Shaping = shaping } },
        };
        return new ChatSimulation(s, s.Seed).Run().RedisShaping!;
    }
}
