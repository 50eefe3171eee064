using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// inbound_wait: an inbound message's synchronous calls hold the task's event loop while they wait for their answers
/// (the replica's blocking id call: 1.6-2.2 ms of CPU, about 1.5 ms more of wall time on a full core;
/// calibration/python-runs-ae/steps-wall). Nothing else on the task runs meanwhile, and the CPU quota is not spent.
/// </summary>
public class InboundWaitTests
{
    private static readonly CostProfile s_python = TestScenarios.PythonWriters;

    private static ChatOutcome Run(CostProfile profile, double vcpu, int users = 100) =>
        new ChatSimulation(TestScenarios.Room(users, mode: SubscriptionMode.PerTask, profile: profile, vcpu: vcpu,
            ramp: 1), 7).Run();

    [Fact]
    public void No_wait_changes_nothing()
    {
        Assert.Equal(Run(s_python, 0.5).Metrics, Run(s_python with { InboundWaitSeconds = 0 }, 0.5).Metrics);
    }

    [Fact]
    public void A_wait_holds_the_loop_so_a_busy_full_core_delivers_less()
    {
        ChatOutcome free = Run(s_python, 1, users: 150);
        ChatOutcome held = Run(s_python with { InboundWaitSeconds = 0.002 }, 1, users: 150);
        Assert.True(held.Metrics.DeliveryRatio < free.Metrics.DeliveryRatio - 0.02,
            $"held {held.Metrics.DeliveryRatio:P1} vs free {free.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void A_wait_spends_no_quota_where_as_much_cpu_would()
    {
        // On a quarter core the quota, not the loop's wall time, is what runs short: waiting costs little there,
        // the same time as CPU four times its length.
        ChatOutcome waited = Run(s_python with { InboundWaitSeconds = 0.002 }, 0.25);
        ChatOutcome burnt = Run(s_python with { InboundCpuSeconds = 0.004 }, 0.25);
        Assert.True(waited.Metrics.DeliveryRatio > burnt.Metrics.DeliveryRatio + 0.05,
            $"waited {waited.Metrics.DeliveryRatio:P1} vs as CPU {burnt.Metrics.DeliveryRatio:P1}");
    }
}
