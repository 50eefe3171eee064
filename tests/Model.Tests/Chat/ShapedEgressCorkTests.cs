using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Corking behind the shaping queue (profile <c>redis_cork_behind_queue</c>, with per-iteration writes): a subscriber
/// whose last segment still waits in the queue gets its next copies appended to its socket, as TCP autocorking does,
/// and they leave coalesced when that segment has left instead of in the iteration's burst.
/// </summary>
public class ShapedEgressCorkTests
{
    // 1 MB/s, no bucket, a queue that never drops; copies of 100 bytes plus 50 of headers, segments of 1,000 bytes.
    private const double CopyBytes = 100;
    private const double HeaderBytes = 50;

    [Theory]
    [InlineData(true, 4, 7, 1250)]
    [InlineData(false, 9, 9, 1350)]
    public void A_subscriber_with_a_segment_still_queued_sends_its_next_copies_coalesced_once_it_has_left(
        bool cork, long offeredByWrites, long offeredInAll, double bytesInAll)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, 1e6);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, 0.0001, 3,
            new BinnedAmount(0.001, 10), pacedRecovery: true, 10, OutputBufferLimit.RedisDefault,
            new CopySegments(CopyBytes, HeaderBytes, 1000), iterationWrites: true, localDrops: true,
            corkBehindQueue: cork);
        for (int s = 0; s < 3; s++)
        {
            egress.Subscribe(s);
        }

        // Three iterations of one PUBLISH each, written at 0.001, 0.201 and 0.251 ms. The first one's three 150-byte
        // segments leave at 0.151, 0.301 and 0.451 ms: at the second write subscribers 1 and 2 still have theirs
        // queued, and at the third subscriber 0 has the one the second write gave it.
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.PublishInIteration(0.0002, 0.000201, 1, 3);
        egress.PublishInIteration(0.00025, 0.000251, 2, 3);
        egress.WriteIterationsDueBy(0.0003);
        Assert.Equal(offeredByWrites, shaper.PacketsOffered);

        var caughtUp = new Dictionary<int, (int UpTo, double At)>();
        ShapedEgressDriver.Run(egress, simulator, 3, observed: (e, _) =>
        {
            if (e.Kind == ChatEventKind.RedisCatchUp)
            {
                caughtUp[e.Subscriber] = (e.UpTo, simulator.Now);
            }
        });

        // Corked: subscribers 1 and 2 send both their copies in one 250-byte segment when their first has left,
        // subscriber 0 its last copy when its second has; nothing is lost either way, and nobody is left held back.
        Assert.Equal(offeredInAll, shaper.PacketsOffered);
        Assert.Equal(bytesInAll, shaper.BytesSent, 6);
        Assert.Equal(0, shaper.PacketsDropped);
        Assert.Equal(0, egress.Stalled);
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(int.MaxValue, egress.Gate(s));
        }
        if (cork)
        {
            Assert.Equal(3, caughtUp.Count);
            Assert.All(caughtUp.Values, c => Assert.Equal(3, c.UpTo));
            // Subscriber 1's segment of copies 1 and 2 is offered when its first left (0.301 ms), behind
            // subscriber 0's (0.601 ms) and 2's: it arrives one way (0.1 ms) after it leaves.
            Assert.True(caughtUp[1].At > 0.000301 + 0.0001);
        }
        else
        {
            Assert.Empty(caughtUp);
        }
    }

    [Fact]
    public void A_corked_subscriber_is_left_out_of_the_iterations_burst_so_an_overflow_holds_back_one_written_then()
    {
        // A 440-byte queue: the first write's three 150-byte segments leave the third one out (it stalls); at the
        // second write (0.28 ms) subscriber 1's first segment is still queued (until 0.301 ms), so only subscriber 0
        // is written, and subscriber 2's retry of both its copies (one 250-byte segment) still fits behind it.
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, 440);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, 0.0001, 3,
            new BinnedAmount(0.001, 10), pacedRecovery: true, 10, OutputBufferLimit.RedisDefault,
            new CopySegments(CopyBytes, HeaderBytes, 1000), iterationWrites: true, localDrops: true,
            corkBehindQueue: true);
        for (int s = 0; s < 3; s++)
        {
            egress.Subscribe(s);
        }
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.PublishInIteration(0.0002, 0.00028, 1, 3);
        Assert.Equal(1, shaper.PacketsDropped);
        Assert.Equal(0, egress.Gate(2));

        egress.WriteIterationsDueBy(0.0003);

        // Without corking subscriber 1's segment would be in the burst too, and the queue could not take all three.
        Assert.Equal(3 + 2, shaper.PacketsOffered);
        Assert.Equal(1, shaper.PacketsDropped);
        Assert.Equal(1, egress.Gate(1));
        Assert.Equal(1, egress.Stalled);
    }
}
