using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenario;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>redis_disconnect_cpu: the per-connection close tears down its own Redis client; a per-task close only leaves the room.</summary>
public class RedisDisconnectCpuTests
{
    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode) =>
        new ChatSimulation(TestScenarios.Room(60, mode: mode, profile: profile, vcpu: 0.25), 5).Run();

    private static readonly CostProfile Disconnecting = TestScenarios.Python with { RedisDisconnectCpuSeconds = 0.02 };

    [Fact]
    public void Per_task_closes_never_pay_the_redis_disconnect_cpu()
    {
        var without = Run(TestScenarios.Python, SubscriptionMode.PerTask);
        var with = Run(Disconnecting, SubscriptionMode.PerTask);
        Assert.Equal(without.Metrics, with.Metrics);
    }

    [Fact]
    public void Per_connection_closes_take_longer_and_sessions_stretch_with_it()
    {
        var without = Run(TestScenarios.Python, SubscriptionMode.PerConnection);
        var with = Run(Disconnecting, SubscriptionMode.PerConnection);
        Assert.True(with.Metrics.WsSessionDuration.Avg > without.Metrics.WsSessionDuration.Avg + 0.5,
            $"session avg {with.Metrics.WsSessionDuration.Avg:0.00} s should exceed {without.Metrics.WsSessionDuration.Avg:0.00} s by the disconnects' CPU");
    }
}
