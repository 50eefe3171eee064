using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Spread probes (profile <c>redis_probe_spread</c>): the subscribers one burst refuses are refused microseconds
/// apart, so without a spread their timers fire at one instant and a queue with room for one head takes one a round
/// (calibration/drop-aborts/why-n140.md); with it each one's timer is the minimum timeout plus a uniform draw, and a
/// failed retry at a later write leaves that timer as it is.
/// </summary>
public class ShapedEgressProbeSpreadTests
{
    // 1 MB/s (a byte a microsecond), no bucket, a queue of three 150-byte packets; 100 us each way.
    private const double PacketBytes = 150;
    private const double QueueBytes = 450;
    private const double OneWay = 0.0001;

    private static (ShapedEgress Egress, Simulator<ChatEvent> Simulator) Make(int subscribers, double spread)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, QueueBytes);
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(shaper, simulator, PacketBytes, OneWay, subscribers,
            new BinnedAmount(0.001, 100), pacedRecovery: true, 100, OutputBufferLimit.RedisDefault,
            localDrops: true, abortAfterProbes: 15, maxSegmentBytes: 1000, freshHeadCoalesced: true,
            probeSpreadSeconds: spread, probeSpread: new RandomStreams(7).For("redis-probe-spread", 0));
        for (int s = 0; s < subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, simulator);
    }

    /// <summary>Six subscribers: message 0's burst refuses the last three (the queue takes three packets); message
    /// 1, a millisecond later, refuses their 300-byte heads again (the fresh three fill the queue). Then the timers
    /// run to <paramref name="until"/>; returns each timer retry's time by subscriber.</summary>
    private static Dictionary<int, List<double>> BurstThenTimers(ShapedEgress egress, Simulator<ChatEvent> simulator,
        double until)
    {
        egress.Publish(0, 0, 6);
        egress.Publish(0.001, 1, 6);
        var timers = new Dictionary<int, List<double>>();
        ShapedEgressDriver.Run(egress, simulator, 2, until, (e, timer) =>
        {
            if (timer)
            {
                if (!timers.TryGetValue(e.Subscriber, out List<double>? times))
                {
                    timers[e.Subscriber] = times = [];
                }
                times.Add(simulator.Now);
            }
        });
        return timers;
    }

    [Fact]
    public void Without_a_spread_the_subscribers_one_burst_refused_probe_at_one_instant_and_one_gets_through()
    {
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(6, spread: 0);

        Dictionary<int, List<double>> timers = BurstThenTimers(egress, simulator, 0.3);

        // The three refused ones, re-armed by message 1's failed retry: all at 1 ms + 200 ms. The first 300-byte head
        // fits the empty 450-byte queue; the other two do not fit behind it.
        Assert.Equal([3, 4, 5], timers.Keys.Order());
        Assert.All(timers.Values, t => Assert.Equal(0.201, t[0], 9));
        Assert.Equal(1, egress.FreshHeadsThrough);
        Assert.False(egress.SpreadsProbes);
    }

    [Fact]
    public void With_a_spread_they_probe_at_different_times_each_after_the_queue_drained_and_all_get_through()
    {
        (ShapedEgress egress, Simulator<ChatEvent> simulator) = Make(6, spread: 0.05);

        Dictionary<int, List<double>> timers = BurstThenTimers(egress, simulator, 0.3);

        // Each first timer is 200 ms after the refusal at 0 plus its own draw below 50 ms (message 1's failed retry
        // left it as it was), and no two are within the 0.3 ms a 300-byte head takes to leave.
        Assert.Equal([3, 4, 5], timers.Keys.Order());
        double[] first = [.. timers.Values.Select(t => t[0]).Order()];
        Assert.All(first, t => Assert.InRange(t, 0.2, 0.25));
        Assert.True(first[1] - first[0] > 0.0003 && first[2] - first[1] > 0.0003, string.Join(", ", first));
        Assert.Equal(3, egress.FreshHeadsThrough);
        Assert.True(egress.SpreadsProbes);
    }

    [Fact]
    public void A_spread_without_a_stream_is_off()
    {
        var simulator = new Simulator<ChatEvent>();
        var egress = new ShapedEgress(new BurstShaper(1e6, 1e6, 0, 0, 0, QueueBytes), simulator, PacketBytes,
            OneWay, 6, new BinnedAmount(0.001, 100), pacedRecovery: true, 100, OutputBufferLimit.RedisDefault,
            localDrops: true, abortAfterProbes: 15, maxSegmentBytes: 1000, freshHeadCoalesced: true,
            probeSpreadSeconds: 0.05);
        for (int s = 0; s < 6; s++)
        {
            egress.Subscribe(s);
        }

        Dictionary<int, List<double>> timers = BurstThenTimers(egress, simulator, 0.3);

        Assert.All(timers.Values, t => Assert.Equal(0.201, t[0], 9));
        Assert.False(egress.SpreadsProbes);
    }

    [Fact]
    public void The_key_is_optional_and_refuses_a_negative_spread()
    {
        ProfileField field = ProfileFields.Find("redis_probe_spread")!;
        Assert.Equal(0, field.Get(TestScenarios.Python));
        Assert.False(field.Written(TestScenarios.Python));
        Assert.True(field.TryParse("20ms", out double value, out _));
        Assert.Equal(0.02, value, 12);
        Assert.True(field.Bounds.Contains(value));
        Assert.False(field.Bounds.Contains(-0.02));
    }
}
