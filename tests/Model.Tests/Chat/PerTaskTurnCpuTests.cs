using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// per_task_turn_cpu: a per-task writer's turn (its queue's wake-up and get) is priced on its own, since it has no
/// subscription to poll as a per-connection forwarder's turn does; per-connection turns keep forward_turn_cpu.
/// </summary>
public class PerTaskTurnCpuTests
{
    // A dear turn, as the replica's per-connection fit finds it (a get_message() poll in every forwarder turn).
    private static readonly CostProfile s_dearTurns = TestScenarios.Python with
    {
        PerTaskWritesQueuePerConnection = true,
        ForwardTurnCpuSeconds = 0.0004,
        SubscriberReadBatch = 200,
        InboundCpuSeconds = 0.002,
    };

    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode) =>
        new ChatSimulation(TestScenarios.Room(100, mode: mode, profile: profile, vcpu: 0.5, ramp: 1), 7).Run();

    [Fact]
    public void A_cheap_per_task_turn_lets_a_saturated_task_deliver_more()
    {
        ChatOutcome dear = Run(s_dearTurns, SubscriptionMode.PerTask);
        ChatOutcome cheap = Run(s_dearTurns with { PerTaskTurnCpuSeconds = 0.000004 }, SubscriptionMode.PerTask);
        Assert.True(cheap.Metrics.DeliveryRatio > dear.Metrics.DeliveryRatio + 0.05,
            $"cheap turns {cheap.Metrics.DeliveryRatio:P1} vs forward_turn_cpu {dear.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void Per_connection_forwarders_keep_forward_turn_cpu()
    {
        Assert.Equal(Run(s_dearTurns, SubscriptionMode.PerConnection).Metrics,
            Run(s_dearTurns with { PerTaskTurnCpuSeconds = 0.000004 }, SubscriptionMode.PerConnection).Metrics);
    }

    [Fact]
    public void Zero_leaves_per_task_turns_at_forward_turn_cpu()
    {
        Assert.Equal(Run(s_dearTurns, SubscriptionMode.PerTask).Metrics,
            Run(s_dearTurns with { PerTaskTurnCpuSeconds = 0 }, SubscriptionMode.PerTask).Metrics);
    }
}
