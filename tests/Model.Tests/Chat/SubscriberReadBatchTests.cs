using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// subscriber_read_batch: a per-task reader that handles what its socket buffered without yielding takes many
/// copies in one event-loop turn instead of one copy per round of every busy coroutine.
/// </summary>
public class SubscriberReadBatchTests
{
    private static readonly CostProfile s_queues = TestScenarios.Python with
    {
        PerTaskWritesQueuePerConnection = true,
        InboundCpuSeconds = 0.003,
    };

    private static ChatOutcome Run(CostProfile profile) =>
        new ChatSimulation(TestScenarios.Room(100, mode: SubscriptionMode.PerTask, profile: profile, vcpu: 0.5,
            ramp: 1), 7).Run();

    [Fact]
    public void A_reader_that_drains_its_buffer_keeps_a_loaded_task_delivering()
    {
        ChatOutcome oneAtATime = Run(s_queues);
        ChatOutcome draining = Run(s_queues with { SubscriberReadBatch = 200 });
        Assert.True(draining.Metrics.DeliveryRatio > oneAtATime.Metrics.DeliveryRatio + 0.05,
            $"draining {draining.Metrics.DeliveryRatio:P1} vs one copy a turn {oneAtATime.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void A_batch_of_one_is_the_reader_as_it_was()
    {
        Assert.Equal(Run(s_queues).Metrics, Run(s_queues with { SubscriberReadBatch = 1 }).Metrics);
    }
}
