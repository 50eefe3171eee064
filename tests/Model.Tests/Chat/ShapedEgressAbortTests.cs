using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Aborts after failed probes (profile <c>redis_abort_after_probes</c>): a held-back subscriber whose pushes all fail
/// for as long as the kernel's probes last (Linux's tcp_retries2) has its connection aborted, as the starved
/// subscriber sockets of the lockstep drop runs were (TCPAbortOnTimeout 7.8-7.9 s after their first refused write,
/// calibration/drop-ss-anatomy.md). Redis then writes it nothing, and it receives nothing more.
/// </summary>
public class ShapedEgressAbortTests
{
    // 1 MB/s (a byte a microsecond), no bucket; copies of 100 bytes plus 50 of headers, 100 us each way.
    private const double CopyBytes = 100;
    private const double HeaderBytes = 50;
    private const double OneWay = 0.0001;

    private static (ShapedEgress Egress, BurstShaper Shaper, Simulator<ChatEvent> Simulator) Make(int subscribers,
        double queueBytes, int abortAfterProbes, double maxSegmentBytes = ShapedEgress.SendBufferBytes)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, queueBytes);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, OneWay, subscribers,
            new BinnedAmount(0.001, 100), pacedRecovery: true, 100, OutputBufferLimit.RedisDefault,
            new CopySegments(CopyBytes, HeaderBytes, 1000), iterationWrites: true, localDrops: true,
            abortAfterProbes: abortAfterProbes, maxSegmentBytes: maxSegmentBytes);
        for (int s = 0; s < subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, shaper, simulator);
    }

    /// <summary>One iteration of <paramref name="messages"/> PUBLISHes from message <paramref name="first"/> at
    /// <paramref name="at"/>, written at once.</summary>
    private static void Iteration(ShapedEgress egress, double at, int first, int messages, int subscribers)
    {
        for (int m = 0; m < messages; m++)
        {
            egress.PublishInIteration(at, at + (m + 1) * 1e-6, first + m, subscribers);
        }
        egress.WriteIterationsDueBy(at + 0.001);
    }

    /// <summary>Runs the retries and catch-ups up to <paramref name="until"/>; returns when the aborts happened.
    /// </summary>
    private static List<double> Run(ShapedEgress egress, Simulator<ChatEvent> simulator, int published, double until)
    {
        var abortedAt = new List<double>();
        long aborts = egress.Aborts;
        ShapedEgressDriver.Run(egress, simulator, published, until, (_, _) =>
        {
            for (; aborts < egress.Aborts; aborts++)
            {
                abortedAt.Add(simulator.Now);
            }
        });
        return abortedAt;
    }

    [Fact]
    public void The_kernel_gives_up_after_its_probes_at_the_times_linux_takes()
    {
        // tcp_retries2 = 15: 200 ms, then 15 probes of 500 ms for a drop in the sender's own qdisc; 924.6 s of
        // doubling timeouts (200 ms up to 120 s) for a loss on the way.
        Assert.Equal(7.7, ShapedEgress.ProbeBudget(15, localDrops: true), 9);
        Assert.Equal(924.6, ShapedEgress.ProbeBudget(15, localDrops: false), 9);
        Assert.Equal(ShapedEgress.MinRetransmitSeconds, ShapedEgress.ProbeBudget(0, localDrops: true), 12);
    }

    [Fact]
    public void A_subscriber_whose_head_never_fits_the_queue_is_aborted_when_its_probes_run_out()
    {
        // Five copies to each subscriber leave as one 550-byte segment, larger than the 450-byte queue: dropped at
        // the write and at every retry.
        (ShapedEgress egress, BurstShaper shaper, Simulator<ChatEvent> simulator) = Make(2, 450, abortAfterProbes: 3);
        Iteration(egress, 0, 0, 5, 2);
        Assert.Equal(2, egress.Stalled);
        double firstFailure = 5e-6;

        List<double> abortedAt = Run(egress, simulator, 5, 10);

        Assert.Equal(2, abortedAt.Count);
        double expected = firstFailure + ShapedEgress.ProbeBudget(3, localDrops: true);
        Assert.All(abortedAt, at => Assert.InRange(at, expected - 1e-6, expected + 1e-6));
        Assert.Equal(2, egress.Aborts);
        Assert.Equal(0, egress.Stalled);
        // Nothing of message 0 on ever reached them.
        Assert.Equal(0, egress.Gate(0));
        Assert.Equal(0, egress.Gate(1));

        // Redis freed them: a later iteration writes them nothing.
        long offered = shaper.PacketsOffered;
        Iteration(egress, 11, 5, 1, 2);
        Assert.Equal(offered, shaper.PacketsOffered);
        Assert.Empty(Run(egress, simulator, 6, 20));
    }


    [Fact]
    public void Segments_capped_below_the_queue_let_the_same_backlog_through()
    {
        // The backlog that sticks as one 550-byte segment above leaves in segments of at most 300 bytes of copies:
        // each fits the 450-byte queue once it has drained, so nobody is aborted.
        (ShapedEgress egress, _, Simulator<ChatEvent> simulator) =
            Make(2, 450, abortAfterProbes: 3, maxSegmentBytes: 300);
        Iteration(egress, 0, 0, 5, 2);

        Assert.Empty(Run(egress, simulator, 5, 10));

        Assert.Equal(0, egress.Aborts);
        Assert.Equal(0, egress.Stalled);
        Assert.Equal(int.MaxValue, egress.Gate(0));
        Assert.Equal(int.MaxValue, egress.Gate(1));
    }
    [Fact]
    public void Without_the_key_a_stuck_subscriber_keeps_trying_for_ever()
    {
        (ShapedEgress egress, _, Simulator<ChatEvent> simulator) = Make(2, 450, abortAfterProbes: 0);
        Iteration(egress, 0, 0, 5, 2);

        Assert.Empty(Run(egress, simulator, 5, 20));

        Assert.Equal(0, egress.Aborts);
        Assert.False(egress.AbortsOnProbes);
        Assert.Equal(2, egress.Stalled);
        Assert.True(egress.TimerRetries >= 2 * 38, $"{egress.TimerRetries} timer retries in 20 s");
    }

    [Fact]
    public void A_subscriber_that_gets_through_is_not_aborted()
    {
        // A one-segment queue: subscriber 0's segment takes it, subscriber 1's is dropped; its 150-byte head fits
        // once the queue has drained, at its first timer retry, well inside one probe's budget.
        (ShapedEgress egress, BurstShaper shaper, Simulator<ChatEvent> simulator) = Make(2, 150, abortAfterProbes: 1);
        Iteration(egress, 0, 0, 1, 2);
        Assert.Equal(1, shaper.PacketsDropped);

        Assert.Empty(Run(egress, simulator, 1, 10));

        Assert.Equal(0, egress.Aborts);
        Assert.Equal(0, egress.Stalled);
        Assert.Equal(int.MaxValue, egress.Gate(1));
    }

    [Fact]
    public void An_aborted_subscriber_leaves_on_unsubscribing_and_a_new_subscription_starts_afresh()
    {
        (ShapedEgress egress, BurstShaper shaper, Simulator<ChatEvent> simulator) = Make(2, 450, abortAfterProbes: 1);
        Iteration(egress, 0, 0, 5, 2);
        Run(egress, simulator, 5, 10);
        Assert.Equal(2, egress.Aborts);

        egress.Unsubscribe(0);
        egress.Unsubscribe(0);
        egress.Subscribe(0);

        Assert.Equal(int.MaxValue, egress.Gate(0));
        Assert.Equal(0, egress.Gate(1));
        // Subscriber 0 is written again (one 150-byte segment fits the queue), subscriber 1 still not.
        long offered = shaper.PacketsOffered;
        Iteration(egress, 11, 5, 1, 2);
        Assert.Equal(offered + 1, shaper.PacketsOffered);
        Assert.Equal(0, egress.Stalled);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(4.0, true)]
    public void Aborts_are_in_the_json_only_when_the_profile_asks_for_them(double? aborts, bool written)
    {
        var shaping = new FanoutSim.Model.Results.RedisShapingMetrics(10, 5, 2, 2) { ProbeAborts = aborts };

        string json = System.Text.Json.JsonSerializer.Serialize(shaping, FanoutSim.Model.Results.RunReportJson.Options);

        Assert.Equal(written, json.Contains("\"probe_aborts\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Profiles_leave_both_keys_off_unless_they_say_so_and_the_fitter_leaves_them_alone()
    {
        ProfileField field = ProfileFields.All.Single(f => f.Key == "redis_abort_after_probes");

        Assert.Equal(0, field.Default);
        Assert.False(field.Fittable);
        Assert.True(field.TryParse("15", out double probes, out _));
        Assert.Equal(15, probes);
        Assert.False(field.TryParse("-1", out _, out _));
        Assert.False(field.TryParse("2.5", out _, out _));
        Assert.Equal(0, TestScenarios.Python.RedisAbortAfterProbes);
        ProfileField segment = ProfileFields.All.Single(f => f.Key == "redis_max_segment_kb");
        Assert.Equal(0, segment.Default);
        Assert.False(segment.Fittable);
    }
}
