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
        AssertDrainingGains(Run(s_queues), Run(s_queues with { SubscriberReadBatch = 200 }), 0.05);
    }

    private static void AssertDrainingGains(ChatOutcome oneAtATime, ChatOutcome draining, double margin) =>
        Assert.True(draining.Metrics.DeliveryRatio > oneAtATime.Metrics.DeliveryRatio + margin,
            $"draining {draining.Metrics.DeliveryRatio:P1} vs one copy a turn {oneAtATime.Metrics.DeliveryRatio:P1}");

    [Fact]
    public void A_batch_of_one_is_the_reader_as_it_was()
    {
        Assert.Equal(Run(s_queues).Metrics, Run(s_queues with { SubscriberReadBatch = 1 }).Metrics);
    }

    // Per-task mode with the subscriber writing every copy itself (the C# server's per-room loops): 10 rooms of 10
    // and one of 100 on one task whose inbound alone nearly fills it, so every connection's reader is in line.
    private static readonly CostProfile s_fanout = TestScenarios.Python with
    {
        IdlePollCpuPerConnection = 0,
        DeliveryCpuSeconds = 1e-6,
        InboundCpuSeconds = 0.0024,
    };

    private static ChatOutcome RunRooms(CostProfile profile)
    {
        Scenario room = TestScenarios.Room(200, mode: SubscriptionMode.PerTask, profile: profile, vcpu: 0.5,
            ramp: 1);
        Scenario rooms = room with
        {
            Workload = room.Workload with { Rooms = [new RoomClass(10, 10), new RoomClass(1, 100)] },
        };
        return new ChatSimulation(rooms, 7).Run();
    }

    [Fact]
    public void A_fan_out_that_drains_its_line_keeps_a_task_full_of_readers_delivering()
    {
        ChatOutcome oneAtATime = RunRooms(s_fanout);
        ChatOutcome draining = RunRooms(s_fanout with { SubscriberReadBatch = 100_000 });
        AssertDrainingGains(oneAtATime, draining, 0.1);
        // The same messages were sent and owed: only the order of the CPU's turns differs.
        Assert.Equal(oneAtATime.Metrics.Expected, draining.Metrics.Expected, 0.02 * oneAtATime.Metrics.Expected);
    }

    [Fact]
    public void A_draining_fan_out_on_an_idle_task_delivers_what_one_copy_a_turn_does()
    {
        CostProfile light = s_fanout with { InboundCpuSeconds = 0.0002 };
        ChatOutcome oneAtATime = RunRooms(light);
        ChatOutcome draining = RunRooms(light with { SubscriberReadBatch = 100_000 });
        Assert.True(oneAtATime.Metrics.DeliveryRatio > 0.9, $"one copy a turn {oneAtATime.Metrics.DeliveryRatio:P1}");
        // Within one realisation's noise (the jitter is drawn per turn, so the draws differ): a turn that lost or
        // mistimed fan-outs would be far off.
        Assert.Equal(oneAtATime.Metrics.DeliveryRatio, draining.Metrics.DeliveryRatio, 0.03);
        Assert.True(draining.Metrics.DeliveryRatio > 0.9, $"draining {draining.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void A_fan_out_batch_of_one_is_the_fan_out_as_it_was()
    {
        Assert.Equal(RunRooms(s_fanout).Metrics, RunRooms(s_fanout with { SubscriberReadBatch = 1 }).Metrics);
    }
}
