using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>
/// local_fanout_cpu: handing a per-task copy to each local connection's writer costs CPU per recipient; per-connection
/// mode never pays it.
/// </summary>
public class LocalFanoutCpuTests
{
    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode, int users = 120) =>
        new ChatSimulation(TestScenarios.Room(users, mode: mode, profile: profile, vcpu: 0.25), 5).Run();

    private static readonly CostProfile s_cheap = TestScenarios.Instant with { DeliveryCpuSeconds = 1e-6 };

    [Fact]
    public void Per_connection_forwarders_never_pay_the_local_fanout_cpu()
    {
        ChatOutcome without = Run(s_cheap, SubscriptionMode.PerConnection, users: 60);
        ChatOutcome with = Run(s_cheap with { LocalFanoutCpuSeconds = 0.0002 }, SubscriptionMode.PerConnection,
            users: 60);
        Assert.Equal(without.Metrics, with.Metrics);
    }

    [Fact]
    public void Delivery_ratio_falls_when_per_task_fanout_exceeds_task_cpu()
    {
        // 120 users at one message a second ask 14,400 copies/s of a 0.25-core task:
        // at 50 us per copy that is 2.9x its CPU.
        ChatOutcome free = Run(s_cheap, SubscriptionMode.PerTask);
        ChatOutcome costly = Run(s_cheap with { LocalFanoutCpuSeconds = 0.00005 }, SubscriptionMode.PerTask);
        Assert.True(free.Metrics.DeliveryRatio > 0.9, $"cheap fan-out delivers {free.Metrics.DeliveryRatio:P1}");
        Assert.True(costly.Metrics.DeliveryRatio < 0.6 * free.Metrics.DeliveryRatio,
            $"{costly.Metrics.DeliveryRatio:P1} with 50 us per local copy " +
            $"should be far below {free.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void A_per_task_fanout_has_no_forwarder_turns_so_their_cost_changes_nothing()
    {
        // Saturated, with handshakes and closes queued behind the pending fan-out: the wait must not price turns
        // the per-task subscriber never takes.
        CostProfile saturated = s_cheap with { LocalFanoutCpuSeconds = 0.00005, ControlQueuesBehindBacklog = true };
        ChatOutcome without = Run(saturated, SubscriptionMode.PerTask);
        ChatOutcome with = Run(saturated with { ForwardTurnCpuSeconds = 0.001 }, SubscriptionMode.PerTask);
        Assert.Equal(without.Metrics, with.Metrics);
    }

    [Fact]
    public void Write_cost_adds_local_fanout_only_in_per_task_mode()
    {
        CostProfile profile = s_cheap with { LocalFanoutCpuSeconds = 0.0002 };
        Assert.Equal(1e-6 + 0.0002, profile.WriteCpuFor(perConnection: false), 12);
        Assert.Equal(1e-6, profile.WriteCpuFor(perConnection: true), 12);
    }
}
