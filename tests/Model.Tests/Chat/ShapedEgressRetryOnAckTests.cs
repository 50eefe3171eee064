using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Retries on ACKs (profile <c>redis_retry_on_ack</c>, with per-iteration writes and the shaper in Redis' own
/// kernel): a write the shaping queue drops is a failed transmit that stays unsent in the socket, and Linux sends a
/// socket's unsent data whenever an ACK comes in. So a subscriber that still has a segment queued tries again a round
/// trip after that segment leaves, not at the probe timer; one with nothing in flight still waits for the timer.
/// </summary>
public class ShapedEgressRetryOnAckTests
{
    // 1 MB/s (a byte a microsecond), no bucket; copies of 100 bytes plus 50 of headers, 100 us each way.
    private const double CopyBytes = 100;
    private const double HeaderBytes = 50;
    private const double OneWay = 0.0001;

    private static (ShapedEgress Egress, BurstShaper Shaper, Simulator<ChatEvent> Simulator) Make(int subscribers,
        double queueBytes, bool retryOnAck, bool localDrops = true)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, queueBytes);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, OneWay, subscribers,
            new BinnedAmount(0.001, 10), pacedRecovery: true, 10, OutputBufferLimit.RedisDefault,
            new CopySegments(CopyBytes, HeaderBytes, 1000), iterationWrites: true, localDrops: localDrops,
            retryOnAck: retryOnAck);
        for (int s = 0; s < subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, shaper, simulator);
    }

    /// <summary>Runs the retries and catch-ups to the end: when each held-back subscriber got everything.</summary>
    private static Dictionary<int, double> CatchUps(ShapedEgress egress, Simulator<ChatEvent> simulator,
        int published)
    {
        var caughtUp = new Dictionary<int, double>();
        ShapedEgressDriver.Run(egress, simulator, published, observed: (e, _) =>
        {
            if (e.Kind == ChatEventKind.RedisCatchUp && e.UpTo == published)
            {
                caughtUp[e.Subscriber] = simulator.Now;
            }
        });
        return caughtUp;
    }

    [Theory]
    [InlineData(true, 0, 0.002)]
    [InlineData(false, ShapedEgress.MinRetransmitSeconds, 1)]
    public void A_write_dropped_behind_its_own_queued_segment_is_sent_again_when_that_segments_ack_returns(
        bool retryOnAck, double earliest, double latest)
    {
        // A 450-byte queue: the first iteration's three 150-byte segments fill it (they leave at 0.15, 0.30 and
        // 0.45 ms); the second iteration's, written at 0.1 ms, find about 100 bytes of room and are dropped.
        (ShapedEgress egress, BurstShaper shaper, Simulator<ChatEvent> simulator) = Make(3, 450, retryOnAck);
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.PublishInIteration(0.0001, 0.000101, 1, 3);
        egress.WriteIterationsDueBy(0.0002);
        Assert.True(shaper.PacketsDropped > 0);

        Dictionary<int, double> caughtUp = CatchUps(egress, simulator, 2);

        // Every held-back subscriber got message 1 in the end: within a millisecond or two (its queued segment
        // left, the ACK came back, the rest went out) with retries on ACKs, after the timer without.
        Assert.Equal(shaper.PacketsDropped, caughtUp.Count);
        Assert.All(caughtUp.Values, at => Assert.InRange(at, earliest, latest));
        Assert.Equal(0, egress.Stalled);
    }

    [Fact]
    public void A_subscriber_with_nothing_in_flight_waits_for_the_timer_even_with_retries_on_acks()
    {
        // A one-segment queue: subscriber 0's segment takes it, subscriber 1's first ever is dropped.
        (ShapedEgress egress, BurstShaper shaper, Simulator<ChatEvent> simulator) = Make(2, 150, retryOnAck: true);
        egress.PublishInIteration(0, 1e-6, 0, 2);
        egress.WriteIterationsDueBy(0.0001);
        Assert.Equal(1, shaper.PacketsDropped);

        Dictionary<int, double> caughtUp = CatchUps(egress, simulator, 1);

        Assert.Equal([1], caughtUp.Keys);
        Assert.True(caughtUp[1] >= ShapedEgress.MinRetransmitSeconds, $"caught up at {caughtUp[1]}");
    }

    [Fact]
    public void Drops_in_a_remote_shaper_are_losses_in_flight_so_the_key_changes_nothing_there()
    {
        // The same writes as above through a catalog node's shaper: the dropped segments were sent, and TCP learns
        // of their loss from the receiver or its timer, not from a failed transmit.
        (ShapedEgress egress, BurstShaper shaper, Simulator<ChatEvent> simulator) =
            Make(3, 450, retryOnAck: true, localDrops: false);
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.PublishInIteration(0.0001, 0.000101, 1, 3);
        egress.WriteIterationsDueBy(0.0002);
        Assert.True(shaper.PacketsDropped > 0);

        Dictionary<int, double> caughtUp = CatchUps(egress, simulator, 2);

        Assert.NotEmpty(caughtUp);
        Assert.All(caughtUp.Values, at => Assert.True(at >= ShapedEgress.MinRetransmitSeconds, $"caught up at {at}"));
    }
}
