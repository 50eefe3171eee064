using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Probe heads (profile <c>redis_probe_head_coalesced</c>, with idle heads): Linux arms a socket's probe timer only
/// while nothing of it is in flight, and the probe sends the head of its unsent data as one segment up to the size
/// goal (tcp_write_wakeup), so a subscriber refused while its last copy was still queued is, by its timer, offering
/// its whole hold as one head like a fresh one (calibration/drop-probe-heads/: the 128 kB lockstep runs hold such
/// sockets back for seconds). And the kernel's timer wheel (<c>redis_timer_hz</c>): those timers fire at their
/// wheel bucket's end.
/// </summary>
public class ShapedEgressProbeHeadTests
{
    // 1 MB/s (a byte a microsecond), no bucket, a queue of three 150-byte packets; 100 us each way.
    private const double PacketBytes = 150;
    private const double QueueBytes = 450;
    private const double OneWay = 0.0001;

    private static (ShapedEgress Egress, Simulator<ChatEvent> Simulator) Make(bool probeHeads, double timerHz = 0)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, QueueBytes);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, PacketBytes, OneWay, 3, new BinnedAmount(0.001, 100),
            pacedRecovery: true, 100, OutputBufferLimit.RedisDefault, iterationWrites: true,
            localDrops: true, abortAfterProbes: 3, maxSegmentBytes: 1000, freshHeadCoalesced: true,
            idleHeadCoalesced: true, probeHeadCoalesced: probeHeads, timerHz: timerHz);
        for (int s = 0; s < 3; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, simulator);
    }

    /// <summary>
    /// One iteration of message 0 at 0 (each subscriber's copy queued, the queue then full), then one of messages
    /// 1-4 at 0.2 ms, while every first copy is still queued or its ACK on its way (twelve packets, room for one).
    /// </summary>
    private static void RefusedWhileInFlight(ShapedEgress egress)
    {
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.WriteIterationsDueBy(2e-6);
        for (int m = 1; m <= 4; m++)
        {
            egress.PublishInIteration(0.0002, 0.0002 + m * 1e-6, m, 3);
        }
        egress.WriteIterationsDueBy(0.0002 + 1e-5);
    }

    /// <summary>Runs the timers and catch-ups up to <paramref name="until"/>; returns the timer retries' times.
    /// </summary>
    private static List<double> Run(ShapedEgress egress, Simulator<ChatEvent> simulator, double until)
    {
        var timers = new List<double>();
        ShapedEgressDriver.Run(egress, simulator, 5, until, (_, timer) =>
        {
            if (timer)
            {
                timers.Add(simulator.Now);
            }
        });
        return timers;
    }

    [Fact]
    public void Without_the_key_a_subscriber_refused_while_in_flight_gets_through_copy_by_copy()
    {
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(probeHeads: false);
        RefusedWhileInFlight(egress);
        Assert.Equal(3, egress.Stalled);

        Run(egress, simulator, 20);

        Assert.Equal(0, egress.Aborts);
        Assert.All([0, 1, 2], s => Assert.Equal(int.MaxValue, egress.Gate(s)));
    }

    [Fact]
    public void With_it_the_same_subscribers_probe_with_their_whole_hold_and_a_hold_larger_than_the_queue_starves()
    {
        // By their timers (200 ms on) their first copies are long acknowledged: each offers its hold as one head.
        // Four held copies (600 bytes) never fit the 450-byte queue; a subscriber the room took one copy of holds
        // three (450 bytes), which fit the drained queue whole.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(probeHeads: true);
        RefusedWhileInFlight(egress);

        Run(egress, simulator, 20);

        int starved = Enumerable.Range(0, 3).Count(s => egress.Gate(s) != int.MaxValue);
        Assert.Equal(starved, egress.Aborts);
        Assert.True(starved >= 2, $"{starved} starved");
    }

    [Fact]
    public void On_the_timer_wheel_the_retries_fire_at_their_buckets_ends()
    {
        // 250 Hz: refused at 0.2 ms (jiffy 0), the first timer (50 jiffies) fires at jiffy 51, 0.204 s; the 500 ms
        // probes after it (125 jiffies, 8-jiffy buckets) at ((51 + 125) / 8 + 1) x 8 = 184 jiffies, 0.736 s, and
        // then every 128 jiffies (0.512 s) on the bucket grid.
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(probeHeads: true, timerHz: 250);
        RefusedWhileInFlight(egress);

        List<double> timers = Run(egress, simulator, 2);

        Assert.Contains(0.204, timers.Select(t => Math.Round(t, 9)));
        Assert.Contains(0.736, timers.Select(t => Math.Round(t, 9)));
        Assert.All(timers, t => Assert.Equal(0, Math.Round(t * 250, 6) % 1));
    }

    [Theory]
    [InlineData("redis_probe_head_coalesced")]
    [InlineData("redis_timer_hz")]
    public void Profiles_leave_the_keys_off_and_the_fitter_leaves_them_alone(string key)
    {
        ProfileField field = ProfileFields.All.Single(f => f.Key == key);

        Assert.Equal(0, field.Default);
        Assert.False(field.Fittable);
        Assert.Equal(0, field.Get(TestScenarios.Python));
    }
}
