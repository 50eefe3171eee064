using FanoutSim.Model.Chat;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// publish_wait_rounds: an inbound message's PUBLISH keeps its connection's control lane out of work for that many
/// rounds of the task's loop more (the replica's receive loop awaits Redis' answer through redis-py's awaits, a median
/// of five loop iterations; calibration/python-runs-af/publish-iterations.json). Its next message and its close wait
/// behind them; the rest of the task runs meanwhile.
/// </summary>
public class PublishWaitRoundsTests
{
    private static readonly CostProfile s_python = TestScenarios.PythonWriters;

    private static Scenario Room(int users, double vcpu, CostProfile profile) =>
        TestScenarios.Room(users, mode: SubscriptionMode.PerConnection, profile: profile, vcpu: vcpu, ramp: 1);

    private static ChatOutcome Run(int users, double vcpu, int rounds) =>
        new ChatSimulation(Room(users, vcpu, s_python with { PublishWaitRounds = rounds }), 7).Run();

    [Fact]
    public void No_wait_rounds_change_nothing()
    {
        ChatOutcome plain = new ChatSimulation(Room(100, 0.25, s_python), 7).Run();
        Assert.Equal(plain.Metrics, Run(100, 0.25, 0).Metrics);
    }

    [Fact]
    public void A_saturated_loop_holds_each_message_longer_before_its_publish()
    {
        ChatOutcome next = Run(100, 0.25, 0);
        ChatOutcome waited = Run(100, 0.25, 3);
        Assert.True(waited.PublishLag!.P50 > 1.5 * next.PublishLag!.P50,
            $"p50 waited {waited.PublishLag.P50:0.000} s vs next turn {next.PublishLag.P50:0.000} s");
    }

    [Fact]
    public void A_comfortable_task_still_publishes_every_message_within_milliseconds()
    {
        // Its rounds are a few jobs long: waiting three of them costs microseconds, and no lane is left behind.
        ChatOutcome outcome = Run(10, 1, 3);
        Assert.Equal(outcome.Metrics.WsMsgsSent, outcome.PublishLag!.Samples);
        Assert.InRange(outcome.PublishLag.P95, 0, 0.05);
        Assert.InRange(outcome.Metrics.DeliveryRatio, Run(10, 1, 0).Metrics.DeliveryRatio - 0.005, 1);
    }

    [Fact]
    public void The_fluid_bound_still_holds_when_each_publish_waits()
    {
        Scenario s = Room(200, 0.25, s_python with { PublishWaitRounds = 3 });
        RunReport report = ScenarioRunner.Run(s with { Replications = 3 });
        double halfWidth = report.Confidence?.DeliveryRatioHalfWidth ?? 0;
        FluidEstimate bound = FluidBound.Of(s);
        Assert.True(report.Metrics.DeliveryRatio - halfWidth <= bound.MaxRatio + 0.002,
            $"simulated {report.Metrics.DeliveryRatio:P2} beats the bound {bound.MaxRatio:P2} ({bound.Bottleneck})");
    }
}
