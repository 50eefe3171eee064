using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A Redis node whose allowance is enforced at the millisecond scale: bursts of copies beyond the short-term bucket
/// wait in the shaping queue, the overflow is dropped, and TCP's retransmissions stall the subscribers.
/// </summary>
public class ShapedEgressTests
{
    // 100 users tick in lockstep on a server that costs nothing: every tick, 100 PUBLISHes of 100 copies of
    // 300 bytes (3 MB) reach Redis together; at a t4g.small's 128 Mbit/s baseline they take 190 ms to leave.
    private static Scenario Lockstep(EgressShaping? shaping, double credit = 0, double ramp = 0,
        SubscriptionMode mode = SubscriptionMode.PerConnection)
    {
        Scenario room = TestScenarios.Room(100, sessions: 2, tasks: 2, mode: mode, profile: TestScenarios.Instant,
            ramp: ramp);
        return room with
        {
            Deployment = room.Deployment with
            {
                RedisNode = TestScenarios.SmallNode with { Shaping = shaping },
                RedisCreditAtStart = credit,
            },
        };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    private static readonly EgressShaping s_shortQueue = new(64_000, 256_000);

    [Fact]
    public void A_queue_that_holds_a_whole_tick_drops_nothing_and_delivers_as_the_fluid_link_does()
    {
        ChatOutcome fluid = Run(Lockstep(null));
        ChatOutcome shaped = Run(Lockstep(new EgressShaping(64_000, 4_000_000)));

        Assert.Equal(0, shaped.RedisShaping!.PacketsDropped);
        Assert.True(shaped.RedisShaping.PacketsShaped > 0, "a lockstep tick exceeds the bucket and queues");
        Assert.Equal(fluid.Metrics.DeliveryRatio, shaped.Metrics.DeliveryRatio, 0.005);
    }

    [Fact]
    public void Lockstep_ticks_overflow_a_short_queue_and_retransmission_stalls_lose_messages()
    {
        ChatOutcome fluid = Run(Lockstep(null));
        ChatOutcome shaped = Run(Lockstep(s_shortQueue));

        RedisShapingMetrics shaping = shaped.RedisShaping!;
        Assert.True(shaping.PacketsDropped > 0);
        Assert.True(shaping.Retransmissions > 0);
        Assert.True(shaped.Metrics.DeliveryRatio < fluid.Metrics.DeliveryRatio - 0.1,
            $"shaped {shaped.Metrics.DeliveryRatio:P1} against fluid {fluid.Metrics.DeliveryRatio:P1}");
        Assert.Equal(ResourceId.RedisEgress, shaped.Bottleneck);
        Assert.True(shaped.Metrics.WsMsgsReceived <= shaped.Metrics.Expected);
    }

    [Fact]
    public void The_same_load_with_sends_spread_over_the_interval_is_not_dropped()
    {
        ChatOutcome spread = Run(Lockstep(s_shortQueue, ramp: 1));

        Assert.Equal(0, spread.RedisShaping!.PacketsDropped);
        Assert.NotEqual(ResourceId.RedisEgress, spread.Bottleneck);
    }

    [Fact]
    public void Per_task_subscriptions_send_a_copy_per_task_and_stay_within_the_allowance()
    {
        ChatOutcome perTask = Run(Lockstep(s_shortQueue, mode: SubscriptionMode.PerTask));

        Assert.Equal(0, perTask.RedisShaping!.PacketsDropped);
    }

    [Fact]
    public void A_node_held_to_its_baseline_drops_ticks_spread_over_a_tenth_of_a_second_that_the_burst_rate_carries()
    {
        // A PUBLISH (30 kB) every millisecond on average: twice the baseline (16 kB/ms), a 20th of the burst rate.
        ChatOutcome baseline = Run(Lockstep(s_shortQueue with { RateGbps = 0.128 }, ramp: 0.1));
        ChatOutcome allowance = Run(Lockstep(s_shortQueue, credit: 1, ramp: 0.1));

        Assert.True(baseline.RedisShaping!.PacketsDropped > 0);
        Assert.Equal(0, allowance.RedisShaping!.PacketsDropped);
        Assert.True(allowance.Metrics.DeliveryRatio > baseline.Metrics.DeliveryRatio);
    }

    [Fact]
    public void Network_credit_refills_below_the_baseline_so_a_light_load_bursts_even_from_spent_credit()
    {
        ChatOutcome spent = Run(Lockstep(s_shortQueue, credit: 0, ramp: 0.1));

        Assert.Equal(0, spent.RedisShaping!.PacketsDropped);
    }

    [Fact]
    public void A_shaped_run_is_reproducible_by_seed()
    {
        Scenario s = Lockstep(s_shortQueue) with { Replications = 2 };

        string a = RunReportJson.Serialize(ScenarioRunner.Run(s));
        string b = RunReportJson.Serialize(ScenarioRunner.Run(s));

        Assert.Equal(a, b);
        Assert.Contains("\"redis_shaping\"", a, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fluid_run_reports_no_shaping()
    {
        string json = RunReportJson.Serialize(ScenarioRunner.Run(Lockstep(null)));

        Assert.DoesNotContain("shaping", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("RedisRetransmit", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_who_send_with_jitter_do_not_burst_together_even_when_they_start_together()
    {
        Scenario lockstep = Lockstep(s_shortQueue);
        Scenario jittered = lockstep with { Workload = lockstep.Workload with { SendJitterSeconds = 1 } };

        ChatOutcome outcome = Run(jittered);

        Assert.Equal(0, outcome.RedisShaping!.PacketsDropped);
        // 9 ticks before each 10 s close, and no 10th tick racing it: at most 9 sends a session.
        Assert.True(outcome.Metrics.WsMsgsSent <= 9 * outcome.Metrics.WsSessions);
        Assert.True(outcome.Metrics.WsMsgsSent >= 8 * outcome.Metrics.WsSessions);
    }

    [Fact]
    public void A_lockstep_burst_shows_in_the_millisecond_peak_far_above_the_average()
    {
        ChatOutcome fluid = Run(Lockstep(null));

        EgressPeaks peaks = fluid.EgressPeaks!;
        double averageMbps = fluid.RedisEgressBytes * 8 / 1e6 / fluid.Metrics.DurationSeconds;
        Assert.True(peaks.Mbps1Ms > 20 * averageMbps, $"1 ms peak {peaks.Mbps1Ms} against average {averageMbps}");
        Assert.True(peaks.Mbps1Ms >= peaks.Mbps10Ms && peaks.Mbps10Ms >= peaks.Mbps100Ms &&
            peaks.Mbps100Ms >= peaks.Mbps1S);
    }

    [Fact]
    public void Poisson_sends_of_the_same_mean_rate_do_not_burst_together_either()
    {
        Scenario lockstep = Lockstep(s_shortQueue);
        Scenario poisson = lockstep with { Workload = lockstep.Workload with { Sends = SendProcess.Poisson } };

        ChatOutcome outcome = Run(poisson);

        Assert.True(outcome.RedisShaping!.DropShare < 0.001, $"{outcome.RedisShaping}");
        // 10 s sessions at one send a second on average: about 10 sends a session (200 sessions).
        Assert.InRange(outcome.Metrics.WsMsgsSent / (double)outcome.Metrics.WsSessions, 9.3, 10.7);
    }

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void A_subscriber_past_the_output_buffer_limit_is_disconnected_and_what_it_held_is_lost(
        SubscriptionMode mode)
    {
        Scenario lockstep = Lockstep(s_shortQueue, mode: mode);
        // 3 kB: about ten held copies of 300 bytes, far below Redis' 32 MB default.
        Scenario limited = lockstep with
        {
            Deployment = lockstep.Deployment with { RedisPubsubLimit = new OutputBufferLimit(3_000, 0, 60) },
        };
        Scenario perTaskHeavy = limited with { Deployment = limited.Deployment with { Tasks = 24 } };

        ChatOutcome outcome = Run(mode == SubscriptionMode.PerTask ? perTaskHeavy : limited);
        ChatOutcome unlimited = Run(mode == SubscriptionMode.PerTask
            ? lockstep with { Deployment = lockstep.Deployment with { Tasks = 24 } }
            : lockstep);

        RedisShapingMetrics shaping = outcome.RedisShaping!;
        Assert.True(shaping.Disconnects > 0, $"{shaping}");
        Assert.True(shaping.CopiesLost > 0);
        Assert.True(outcome.Metrics.WsMsgsReceived + shaping.CopiesLost <= outcome.Metrics.Expected);
        Assert.Equal(0, unlimited.RedisShaping!.Disconnects);
    }
}
