using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>
/// redis_connect_cpu and redis_disconnect_cpu: a per-connection handshake opens the connection's own Redis client and
/// its close tears it down; per-task connections share one client and only join or leave the room.
/// </summary>
public class RedisClientCpuTests
{
    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode) =>
        new ChatSimulation(TestScenarios.Room(60, mode: mode, profile: profile, vcpu: 0.25), 5).Run();

    public static TheoryData<string> ClientCosts => new() { "redis_connect_cpu", "redis_disconnect_cpu" };

    private static CostProfile With(string cost) => cost switch
    {
        "redis_connect_cpu" => TestScenarios.Python with { RedisConnectCpuSeconds = 0.02 },
        "redis_disconnect_cpu" => TestScenarios.Python with { RedisDisconnectCpuSeconds = 0.02 },
        _ => throw new ArgumentOutOfRangeException(nameof(cost), cost, null),
    };

    [Theory]
    [MemberData(nameof(ClientCosts))]
    public void Per_task_connections_never_pay_for_their_own_redis_client(string cost)
    {
        ChatOutcome without = Run(TestScenarios.Python, SubscriptionMode.PerTask);
        ChatOutcome with = Run(With(cost), SubscriptionMode.PerTask);
        Assert.Equal(without.Metrics, with.Metrics);
    }

    [Theory]
    [MemberData(nameof(ClientCosts))]
    public void Per_connection_sessions_stretch_with_their_own_redis_client_cpu(string cost)
    {
        ChatOutcome without = Run(TestScenarios.Python, SubscriptionMode.PerConnection);
        ChatOutcome with = Run(With(cost), SubscriptionMode.PerConnection);
        Assert.True(with.Metrics.WsSessionDuration.Avg > without.Metrics.WsSessionDuration.Avg + 0.5,
            $"session avg {with.Metrics.WsSessionDuration.Avg:0.00} s " +
            $"should exceed {without.Metrics.WsSessionDuration.Avg:0.00} s by the {cost}");
    }
}
