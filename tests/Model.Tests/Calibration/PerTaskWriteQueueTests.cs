using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>
/// per_task_writes_queue_per_connection: per-task mode reads one copy per task, then every local connection's
/// own writer sends it in turns (as the C# server's per-session outbound queues do) instead of one job writing to
/// every socket.
/// </summary>
public class PerTaskWriteQueueTests
{
    private static ChatOutcome Run(CostProfile profile, int users, double vcpu) =>
        new ChatSimulation(TestScenarios.Room(users, mode: SubscriptionMode.PerTask, profile: profile, vcpu: vcpu,
            ramp: 1), 7).Run();

    [Fact]
    public void A_server_that_keeps_up_delivers_the_same_either_way()
    {
        ChatOutcome loop = Run(TestScenarios.Python, 40, 1);
        ChatOutcome queues = Run(TestScenarios.Python with { PerTaskWritesQueuePerConnection = true }, 40, 1);
        Assert.InRange(queues.Metrics.DeliveryRatio, loop.Metrics.DeliveryRatio - 0.01,
            loop.Metrics.DeliveryRatio + 0.01);
    }

    [Fact]
    public void Delivery_ratio_falls_when_every_copy_costs_its_writer_a_turn()
    {
        // A turn's fixed cost is paid per connection per message when writers keep up, so per-task
        // fan-out through queues costs as much CPU per copy as per-connection forwarding (minus the read).
        CostProfile costly = TestScenarios.Python with { ForwardTurnCpuSeconds = 0.0002, CpuJitter = 0 };
        ChatOutcome loop = Run(costly, 120, 0.5);
        ChatOutcome queues = Run(costly with { PerTaskWritesQueuePerConnection = true }, 120, 0.5);
        Assert.True(queues.Metrics.DeliveryRatio < loop.Metrics.DeliveryRatio - 0.1,
            $"through queues {queues.Metrics.DeliveryRatio:P1} " +
            $"should be well below one loop's {loop.Metrics.DeliveryRatio:P1}");
    }
}
