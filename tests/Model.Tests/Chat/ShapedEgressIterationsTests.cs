using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Per-iteration writes (profile <c>redis_iteration_writes</c>): Redis writes each subscriber once per event-loop
/// iteration, everything the PUBLISHes it ran left pending, so copies coalesce in one write; a subscriber held back
/// behind a lost packet is tried once per iteration, not once per PUBLISH. Without the key, nothing changes.
/// </summary>
public class ShapedEgressIterationsTests
{
    // 1 MB/s, no bucket; copies of 100 bytes plus 50 of headers (150 on the wire alone), segments of 1,000 bytes.
    private const double CopyBytes = 100;
    private const double HeaderBytes = 50;
    private static readonly CopySegments s_segments = new(CopyBytes, HeaderBytes, 1000);

    private static (ShapedEgress Egress, BurstShaper Shaper) Make(int subscribers, double queueBytes,
        bool iterationWrites, CopySegments? segments)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, queueBytes);
        var egress = new ShapedEgress(shaper, new Simulator<ChatEvent>(), CopyBytes + HeaderBytes, 0.0001,
            subscribers, new BinnedAmount(0.001, 10), pacedRecovery: false, 10, OutputBufferLimit.RedisDefault,
            segments, iterationWrites);
        for (int s = 0; s < subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, shaper);
    }

    [Fact]
    public void Copies_pending_for_one_subscriber_within_one_iteration_leave_in_one_write_of_ceil_bytes_over_mss()
    {
        (ShapedEgress egress, BurstShaper shaper) = Make(3, 1e6, iterationWrites: true, s_segments);

        // Message 0 finds Redis idle: an iteration of its own, 0 to 1 ms. Messages 1-12 arrive while it runs, so
        // the next iteration reads them all and runs them back to back (1 to 2.2 ms).
        egress.PublishInIteration(0, 0.001, 0, 3);
        for (int message = 1; message <= 12; message++)
        {
            egress.PublishInIteration(0.0005, 0.001 + message * 0.0001, message, 3);
        }
        // The first iteration was written when the second began reading: one copy, one packet per subscriber.
        Assert.Equal(3, shaper.PacketsOffered);

        egress.WriteIterationsDueBy(0.003);

        // 12 copies are 1,200 bytes: two segments for each of the 3 subscribers.
        Assert.Equal(3 + 3 * 2, shaper.PacketsOffered);
        Assert.Equal(13 * 3 * CopyBytes + (3 + 6) * HeaderBytes, shaper.BytesSent, 6);
        Assert.Equal(0, shaper.PacketsDropped);
    }

    [Fact]
    public void A_publish_that_arrives_before_an_iteration_starts_is_read_by_it_and_a_later_one_is_not()
    {
        (ShapedEgress egress, BurstShaper shaper) = Make(2, 1e6, iterationWrites: true, s_segments);
        egress.PublishInIteration(0, 0.001, 0, 2);
        egress.PublishInIteration(0.0005, 0.002, 1, 2);

        // Not due before the second iteration starts (1 ms: it may still read more), due after.
        egress.WriteIterationsDueBy(0.001);
        Assert.Equal(2, shaper.PacketsOffered);
        egress.WriteIterationsDueBy(0.0011);
        Assert.Equal(4, shaper.PacketsOffered);
    }

    [Fact]
    public void A_held_back_subscriber_is_tried_again_once_per_iteration_not_once_per_publish()
    {
        // 27 subscribers, a 4 kB queue: the first iteration's 27 single-copy packets leave the last one out.
        (ShapedEgress egress, BurstShaper shaper) = Make(27, 4000, iterationWrites: true, s_segments);
        egress.PublishInIteration(0, 1e-6, 0, 27);
        // 24 PUBLISHes for it alone, all read by the next iteration (they arrived while the first ran).
        for (int message = 1; message <= 24; message++)
        {
            egress.PublishInIteration(5e-7, 1e-6 + message * 1e-6, message, 1);
        }
        egress.WriteIterationsDueBy(1);

        // One retry of its 25 held copies (a 1,050-byte head the still-full queue drops), not 24 of them.
        Assert.Equal(1, egress.Stalled);
        Assert.Equal(0, egress.Gate(26));
        Assert.Equal(1, egress.Retransmissions);
        Assert.Equal(28, shaper.PacketsOffered);
        Assert.Equal(2, shaper.PacketsDropped);
    }

    [Fact]
    public void A_held_back_subscriber_whose_socket_is_full_is_not_tried_at_the_next_iteration_only_by_its_timer()
    {
        (ShapedEgress egress, BurstShaper shaper) = Make(27, 4000, iterationWrites: true, s_segments);
        egress.PublishInIteration(0, 1e-6, 0, 27);
        // Iteration 2 runs 200 PUBLISHes for the held-back subscriber alone: its socket held one copy, so the write
        // pushes its head again (dropped: the queue is still full). Now it holds 20 kB, more than a send buffer.
        for (int message = 1; message <= 200; message++)
        {
            egress.PublishInIteration(5e-7, 1e-6 + message * 1e-7, message, 1);
        }
        // Iteration 3, one PUBLISH that arrived after iteration 2 started: Redis' write to the full socket fails.
        egress.PublishInIteration(1e-4, 2e-4, 201, 1);
        egress.WriteIterationsDueBy(1);

        Assert.Equal(1, egress.Retransmissions);
        Assert.Equal(1, egress.Stalled);
        long offered = shaper.PacketsOffered;

        // Its timer, armed when iteration 2's retry was lost, fires once the queue has drained: the head segment
        // and a window of nine more go.
        egress.Retransmit(26, 1e-6 + 200 * 1e-7 + ShapedEgress.MinRetransmitSeconds, 202);

        Assert.Equal(2, egress.Retransmissions);
        Assert.Equal(1 + 9, shaper.PacketsOffered - offered);
    }

    [Theory]
    [InlineData(true, ShapedEgress.ResourceProbeSeconds)]
    [InlineData(false, 2 * ShapedEgress.MinRetransmitSeconds)]
    public void A_timer_retry_the_senders_own_queue_drops_is_tried_again_after_the_resource_probe_interval(
        bool localDrops, double next)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, 4000);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, 0.0001, 27,
            new BinnedAmount(0.001, 10), pacedRecovery: false, 10, OutputBufferLimit.RedisDefault,
            new CopySegments(CopyBytes, HeaderBytes, 65483), iterationWrites: true, localDrops);
        for (int s = 0; s < 27; s++)
        {
            egress.Subscribe(s);
        }
        egress.PublishInIteration(0, 1e-6, 0, 27);
        // 50 more copies for the held-back subscriber: its head is now 5 kB, more than the whole 4 kB queue.
        for (int message = 1; message <= 50; message++)
        {
            egress.PublishInIteration(5e-7, 1e-6 + message * 1e-7, message, 1);
        }
        egress.WriteIterationsDueBy(1);
        double retryAt = 1e-6 + 50 * 1e-7 + ShapedEgress.MinRetransmitSeconds;

        egress.Retransmit(26, retryAt, 51);

        var retries = new List<double>();
        while (simulator.TryNext(out ChatEvent e))
        {
            if (e.Kind == ChatEventKind.RedisRetransmit)
            {
                retries.Add(simulator.Now);
            }
        }
        Assert.Equal(retryAt + next, retries.Max(), 9);
    }

    [Fact]
    public void No_segment_is_larger_than_a_send_buffer()
    {
        (ShapedEgress egress, BurstShaper shaper) =
            Make(1, 1e6, iterationWrites: true, new CopySegments(CopyBytes, HeaderBytes, 65483));

        // 300 copies in one iteration: 30 kB, one loopback MSS but two 16 KiB send buffers.
        for (int message = 0; message < 300; message++)
        {
            egress.PublishInIteration(0, 1e-6 * (message + 1), message, 1);
        }
        egress.WriteIterationsDueBy(1);

        Assert.Equal(2, shaper.PacketsOffered);
    }

    [Fact]
    public void Per_publish_writes_try_the_same_held_back_subscriber_at_every_publish()
    {
        (ShapedEgress egress, BurstShaper shaper) = Make(27, 4000, iterationWrites: false, s_segments);
        egress.Publish(1e-6, 0, 27);
        for (int message = 1; message <= 24; message++)
        {
            egress.Publish(1e-6 + message * 1e-6, message, 1);
        }

        Assert.False(egress.IterationWrites);
        Assert.Equal(24, egress.Retransmissions);
        Assert.Equal(1 + 24, shaper.PacketsDropped);
    }

    [Fact]
    public void An_iteration_that_ran_one_publish_writes_what_per_publish_writes_would()
    {
        (ShapedEgress perPublish, BurstShaper before) = Make(40, 3000, iterationWrites: false, segments: null);
        (ShapedEgress perIteration, BurstShaper after) = Make(40, 3000, iterationWrites: true, segments: null);

        // PUBLISHes 10 ms apart, each done 0.1 ms after it arrives: each its own iteration.
        for (int message = 0; message < 5; message++)
        {
            double arrival = message * 0.01;
            perPublish.Publish(arrival + 0.0001, message, 40);
            perIteration.PublishInIteration(arrival, arrival + 0.0001, message, 40);
        }
        perIteration.WriteIterationsDueBy(1);

        Assert.Equal(before.PacketsDropped, after.PacketsDropped);
        Assert.True(after.PacketsDropped > 0);
        Assert.Equal(before.BytesSent, after.BytesSent);
    }

    [Fact]
    public void Profiles_write_once_per_publish_unless_they_say_otherwise_and_the_fitter_leaves_the_key_alone()
    {
        ProfileField field = ProfileFields.All.Single(f => f.Key == "redis_iteration_writes");

        Assert.Equal(0, field.Default);
        Assert.False(field.Fittable);
        Assert.False(TestScenarios.Python.RedisIterationWrites);
    }
}
