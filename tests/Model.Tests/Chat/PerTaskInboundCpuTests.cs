using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// per_task_inbound_cpu: a per-task task's inbound message is priced on its own; per-connection tasks keep
/// inbound_cpu, and 0 leaves both modes at inbound_cpu.
/// </summary>
public class PerTaskInboundCpuTests
{
    // The inbound path the replica's benches measure (about 3 ms: a blocking id call on a new gRPC channel).
    private static readonly CostProfile s_dearInbound = TestScenarios.Python with
    {
        PerTaskWritesQueuePerConnection = true,
        SubscriberReadBatch = 200,
        InboundCpuSeconds = 0.003,
    };

    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode) =>
        new ChatSimulation(TestScenarios.Room(100, mode: mode, profile: profile, vcpu: 0.5, ramp: 1), 7).Run();

    [Fact]
    public void A_cheap_per_task_inbound_lets_a_saturated_per_task_task_deliver_more()
    {
        ChatOutcome dear = Run(s_dearInbound, SubscriptionMode.PerTask);
        ChatOutcome cheap = Run(s_dearInbound with { PerTaskInboundCpuSeconds = 0.0005 }, SubscriptionMode.PerTask);
        Assert.True(cheap.Metrics.DeliveryRatio > dear.Metrics.DeliveryRatio + 0.05,
            $"cheap per-task inbound {cheap.Metrics.DeliveryRatio:P1} vs inbound_cpu {dear.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void Per_connection_tasks_keep_inbound_cpu()
    {
        Assert.Equal(Run(s_dearInbound, SubscriptionMode.PerConnection).Metrics,
            Run(s_dearInbound with { PerTaskInboundCpuSeconds = 0.0005 }, SubscriptionMode.PerConnection).Metrics);
    }

    [Fact]
    public void Zero_leaves_per_task_inbound_at_inbound_cpu()
    {
        Assert.Equal(Run(s_dearInbound, SubscriptionMode.PerTask).Metrics,
            Run(s_dearInbound with { PerTaskInboundCpuSeconds = 0 }, SubscriptionMode.PerTask).Metrics);
        Assert.Equal(0.003, s_dearInbound.InboundCpuFor(perConnection: false));
        Assert.Equal(0.0005, (s_dearInbound with { PerTaskInboundCpuSeconds = 0.0005 }).InboundCpuFor(false));
    }
}
