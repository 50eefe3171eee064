using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// publish_connect_*: a PUBLISH that finds its Redis client without a free connection opens one first, as redis-py's
/// pool does. Per connection each session's own client opens one at its first PUBLISH; per task the handlers share
/// the task's client, whose connections grow to the PUBLISHes in flight at once and then serve every later one.
/// </summary>
public class PublishConnectTests
{
    // Lightly loaded unless a test says otherwise.
    private static readonly CostProfile s_replica = TestScenarios.PythonLoop;

    private static readonly CostProfile s_connects = s_replica with
    {
        PublishConnectCpuSeconds = 0.001,
        PublishConnectRounds = 2,
    };

    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode, int users = 20, double vcpu = 1,
        int sessions = 2, double ramp = 1) =>
        new ChatSimulation(TestScenarios.Room(users, sessions: sessions, mode: mode, profile: profile, vcpu: vcpu,
            ramp: ramp), 3).Run();

    [Fact]
    public void Off_unless_a_profile_prices_it_and_then_nothing_changes()
    {
        ChatOutcome plain = Run(s_replica, SubscriptionMode.PerTask);
        ChatOutcome zero = Run(s_replica with { PublishConnectCpuSeconds = 0, PublishConnectRounds = 0 },
            SubscriptionMode.PerTask);

        Assert.Equal(0, plain.PublishConnects);
        Assert.Equal(plain.Metrics.WsMsgsReceived, zero.Metrics.WsMsgsReceived);
        Assert.Equal(plain.Metrics.WsSessionDuration.Avg, zero.Metrics.WsSessionDuration.Avg);
    }

    [Fact]
    public void Per_connection_every_session_that_publishes_opens_one_connection()
    {
        ChatOutcome outcome = Run(s_connects, SubscriptionMode.PerConnection);

        // 20 users, two sessions each, every one of them sending.
        Assert.Equal(40, outcome.PublishConnects);
    }

    [Fact]
    public void Per_task_the_shared_client_grows_to_the_publishes_in_flight_at_once()
    {
        // Aligned ticks on a small task: many PUBLISHes wait for their answers together, never more than the handlers.
        ChatOutcome outcome = Run(s_connects, SubscriptionMode.PerTask, users: 60, vcpu: 0.25, sessions: 1, ramp: 0);

        Assert.InRange(outcome.PublishConnects, 2, 60);
    }

    [Fact]
    public void Per_task_the_connections_stay_for_the_later_sessions()
    {
        // A light load: the second sessions' ticks find the connections the first sessions' opened.
        ChatOutcome one = Run(s_connects, SubscriptionMode.PerTask, sessions: 1, ramp: 0);
        ChatOutcome two = Run(s_connects, SubscriptionMode.PerTask, sessions: 2, ramp: 0);

        Assert.True(one.PublishConnects > 1, $"{one.PublishConnects} connects");
        Assert.Equal(one.PublishConnects, two.PublishConnects);
    }

    [Fact]
    public void A_publish_answered_before_the_next_is_sent_needs_a_single_connection()
    {
        // No rounds to wait for an answer: each PUBLISH frees its connection before another takes one.
        ChatOutcome outcome = Run(s_connects with { PublishWaitRounds = 0 }, SubscriptionMode.PerTask);

        Assert.Equal(1, outcome.PublishConnects);
    }

    [Fact]
    public void The_connects_rounds_hold_the_publish_back_and_their_cpu_leaves_less_for_the_copies()
    {
        ChatOutcome plain = Run(s_replica, SubscriptionMode.PerTask, users: 80, vcpu: 0.25, ramp: 0);
        ChatOutcome waits = Run(s_replica with { PublishConnectRounds = 6 }, SubscriptionMode.PerTask, users: 80,
            vcpu: 0.25, ramp: 0);
        ChatOutcome costs = Run(s_replica with { PublishConnectCpuSeconds = 0.01 }, SubscriptionMode.PerTask,
            users: 80, vcpu: 0.25, ramp: 0);

        Assert.NotNull(plain.PublishLag);
        Assert.NotNull(waits.PublishLag);
        Assert.True(waits.PublishLag.P50 > plain.PublishLag.P50,
            $"publish lag p50 {waits.PublishLag.P50} with the rounds, {plain.PublishLag.P50} without");
        Assert.True(costs.Metrics.WsMsgsReceived < plain.Metrics.WsMsgsReceived,
            $"{costs.Metrics.WsMsgsReceived} copies with the connects' CPU, {plain.Metrics.WsMsgsReceived} without");
    }
}
