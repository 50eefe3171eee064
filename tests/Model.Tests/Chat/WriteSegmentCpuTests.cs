using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// write_segment_cpu and turn_segment_limit: each write of a forwarder's turn makes a TCP segment that costs its own
/// CPU, up to the limit; the turn's later writes join segments not yet sent, as the replica's per-task writers'
/// copies did past some twenty a turn (calibration/python-runs-ad/segments).
/// </summary>
public class WriteSegmentCpuTests
{
    private static readonly CostProfile s_writers =
        TestScenarios.PythonWriters with { PerTaskTurnCpuSeconds = 0.000004 };

    private static ChatOutcome Run(CostProfile profile) =>
        new ChatSimulation(TestScenarios.Room(100, mode: SubscriptionMode.PerTask, profile: profile, vcpu: 0.25,
            ramp: 1), 7).Run();

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 1.0)]
    [InlineData(20, 20.0)]
    [InlineData(21, 20.0)]
    [InlineData(300, 20.0)]
    public void A_turn_makes_a_segment_a_write_up_to_the_limit(int writes, double segments)
    {
        CostProfile profile = s_writers with { WriteSegmentCpuSeconds = 0.00005, TurnSegmentLimit = 20 };
        Assert.Equal(segments * 0.00005, profile.TurnSegmentsCpu(writes), 12);
    }

    [Fact]
    public void Without_a_limit_every_write_makes_its_own_segment()
    {
        CostProfile profile = s_writers with { WriteSegmentCpuSeconds = 0.00005 };
        Assert.Equal(300 * 0.00005, profile.TurnSegmentsCpu(300), 12);
    }

    [Fact]
    public void Zero_segment_cpu_changes_nothing_whatever_the_limit()
    {
        Assert.Equal(Run(s_writers).Metrics, Run(s_writers with { TurnSegmentLimit = 20 }).Metrics);
    }

    [Fact]
    public void Segments_make_a_saturated_task_deliver_less()
    {
        ChatOutcome free = Run(s_writers);
        ChatOutcome dear = Run(s_writers with { WriteSegmentCpuSeconds = 0.00005 });
        Assert.True(dear.Metrics.DeliveryRatio < free.Metrics.DeliveryRatio - 0.05,
            $"with segments {dear.Metrics.DeliveryRatio:P1} vs without {free.Metrics.DeliveryRatio:P1}");
    }

    [Fact]
    public void A_limit_makes_deep_turns_cheaper()
    {
        ChatOutcome unlimited = Run(s_writers with { WriteSegmentCpuSeconds = 0.00005 });
        ChatOutcome limited = Run(s_writers with { WriteSegmentCpuSeconds = 0.00005, TurnSegmentLimit = 5 });
        Assert.True(limited.Metrics.DeliveryRatio > unlimited.Metrics.DeliveryRatio + 0.02,
            $"limit 5 {limited.Metrics.DeliveryRatio:P1} vs no limit {unlimited.Metrics.DeliveryRatio:P1}");
    }
}
