using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// handshake_round_trips: a per-connection handshake is several steps parted by Redis round trips (the C# server's
/// own Redis connect, its client's handshake commands, SUBSCRIBE), each step reaching the task as new work; with
/// control_queues_behind_backlog each one queues behind the forwarding pending there, so a busy task's connect waits
/// behind its backlog once per step, not once.
/// </summary>
public class HandshakeRoundTripsTests
{
    private static RunMetrics Run(Scenario s) => new ChatSimulation(s, s.Seed).Run().Metrics;

    private static Scenario Lone(int roundTrips, SubscriptionMode mode = SubscriptionMode.PerConnection) =>
        TestScenarios.Room(4, sessions: 1, mode: mode, profile: TestScenarios.Instant with
        {
            RedisRttSeconds = 0.05,
            HandshakeRoundTrips = roundTrips,
        });

    // 100 users in one room on half a core: the forwarding falls behind and a backlog builds up on the task.
    private static Scenario Busy(int roundTrips, SubscriptionMode mode = SubscriptionMode.PerConnection) =>
        TestScenarios.Room(100, sessions: 3, mode: mode, vcpu: 0.5, seed: 3, profile: TestScenarios.Python with
        {
            ControlQueuesBehindBacklog = true,
            HandshakeRoundTrips = roundTrips,
        });

    [Fact]
    public void On_an_idle_task_each_round_trip_adds_one_redis_round_trip_to_the_connect()
    {
        RunMetrics none = Run(Lone(0));
        RunMetrics three = Run(Lone(3));
        double added = three.WsConnecting!.Med - none.WsConnecting!.Med;
        Assert.InRange(added, 3 * 0.05 - 1e-6, 3 * 0.05 + 1e-6);
        Assert.Equal(none.WsMsgsSent, three.WsMsgsSent);
    }

    [Fact]
    public void On_a_busy_task_each_step_queues_behind_the_backlog_again()
    {
        RunMetrics none = Run(Busy(0));
        RunMetrics four = Run(Busy(4));
        // Four round trips of 0.3 ms would add 1.2 ms; queuing behind the backlog five times instead of once adds
        // far more.
        Assert.True(four.WsConnecting!.Avg > none.WsConnecting!.Avg + 0.05,
            $"connect avg {four.WsConnecting.Avg:F4} s against {none.WsConnecting.Avg:F4} s");
        Assert.True(none.WsConnecting.Avg > 0.01, $"the task queues: connect avg {none.WsConnecting.Avg:F4} s");
    }

    [Fact]
    public void Per_task_subscriptions_have_no_connection_of_their_own_to_make_round_trips()
    {
        RunMetrics none = Run(Busy(0, SubscriptionMode.PerTask));
        RunMetrics four = Run(Busy(4, SubscriptionMode.PerTask));
        Assert.Equal(none.WsMsgsSent, four.WsMsgsSent);
        Assert.Equal(none.WsMsgsReceived, four.WsMsgsReceived);
        Assert.Equal(none.WsConnecting!.Avg, four.WsConnecting!.Avg);
    }
}
