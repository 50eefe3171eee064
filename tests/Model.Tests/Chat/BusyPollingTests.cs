using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// busy_poll_cpu: subscribers polled without blocking cost an empty poll each per event-loop round that has other
/// work; the cost falls on busy rounds and vanishes once every subscriber has a backlog.
/// </summary>
public class BusyPollingTests
{
    private static readonly CostProfile s_noFixedPoll = TestScenarios.Python with { IdlePollCpuPerConnection = 0 };

    private static ChatOutcome Run(CostProfile profile, int users, double vcpu) =>
        new ChatSimulation(TestScenarios.Room(users, profile: profile, vcpu: vcpu, ramp: 1), 7).Run();

    [Fact]
    public void A_task_that_keeps_up_delivers_as_much_when_its_subscribers_spin()
    {
        ChatOutcome blocking = Run(s_noFixedPoll, 30, 1);
        ChatOutcome spinning = Run(s_noFixedPoll with { BusyPollCpuSeconds = 16.5e-6 }, 30, 1);
        Assert.InRange(spinning.Metrics.DeliveryRatio, blocking.Metrics.DeliveryRatio - 0.01,
            blocking.Metrics.DeliveryRatio + 0.01);
    }

    [Fact]
    public void Jobs_that_run_while_subscribers_spin_pay_for_their_polls()
    {
        ChatOutcome blocking = Run(s_noFixedPoll, 40, 0.25);
        ChatOutcome spinning = Run(s_noFixedPoll with { BusyPollCpuSeconds = 1e-3 }, 40, 0.25);
        Assert.True(spinning.Metrics.DeliveryRatio < blocking.Metrics.DeliveryRatio - 0.01,
            $"spinning {spinning.Metrics.DeliveryRatio:P1} should be below blocking " +
            $"{blocking.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void Once_every_subscriber_has_a_backlog_the_polls_cost_nothing()
    {
        // Unlike a fixed share per connection, the polls are paid only by subscribers with nothing to read: an
        // overloaded task's turns are reads, not polls.
        ChatOutcome blocking = Run(s_noFixedPoll, 100, 0.5);
        ChatOutcome spinning = Run(s_noFixedPoll with { BusyPollCpuSeconds = 40e-6 }, 100, 0.5);
        Assert.InRange(spinning.Metrics.DeliveredPerSecond, 0.97 * blocking.Metrics.DeliveredPerSecond,
            1.03 * blocking.Metrics.DeliveredPerSecond);

        ChatOutcome share = Run(s_noFixedPoll with { IdlePollCpuPerConnection = 0.002 }, 100, 0.5);
        Assert.True(share.Metrics.DeliveredPerSecond < 0.9 * blocking.Metrics.DeliveredPerSecond,
            "a fixed share per connection keeps taking its cut (the contrast this mechanism exists for)");
    }
}
