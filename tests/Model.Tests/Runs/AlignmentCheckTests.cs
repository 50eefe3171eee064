using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Runs;

public class AlignmentCheckTests
{
    private static Scenario Room(double ramp, EgressShaping? shaping)
    {
        Scenario room = TestScenarios.Room(100, sessions: 2, tasks: 2, profile: TestScenarios.Instant, ramp: ramp);
        return room with
        {
            Deployment = room.Deployment with { RedisNode = TestScenarios.SmallNode with { Shaping = shaping } },
        };
    }

    private static readonly EgressShaping s_shortQueue = new(64_000, 256_000);
    private static readonly ReplicationOptions s_options = new();

    [Fact]
    public void Losses_of_users_ticking_in_lockstep_are_compared_with_the_same_load_spread_over_the_interval()
    {
        Scenario lockstep = Room(0, s_shortQueue);
        RunReport report = ScenarioRunner.Run(lockstep);

        RunReport? spread = AlignmentCheck.SpreadComparison(lockstep, report, s_options);

        Assert.NotNull(spread);
        Assert.Equal(1, spread.Setup.RampSeconds);
        Assert.False(spread.RedisShaping!.LimitsRun);
        Assert.True(spread.Metrics.DeliveryRatio > report.Metrics.DeliveryRatio);
    }

    [Fact]
    public void Nothing_is_compared_when_the_users_are_already_spread_or_nothing_was_dropped()
    {
        Scenario spread = Room(1, s_shortQueue);
        Scenario fluid = Room(0, null);

        Assert.Null(AlignmentCheck.SpreadComparison(spread, ScenarioRunner.Run(spread), s_options));
        Assert.Null(AlignmentCheck.SpreadComparison(fluid, ScenarioRunner.Run(fluid), s_options));
    }

    [Fact]
    public void Users_a_load_generator_starts_over_more_than_the_lockstep_share_are_not_compared_whatever_the_ramp()
    {
        Scenario room = Room(0, new EgressShaping(4_000, 16_000));
        Scenario started = room with { Profile = room.Profile with { ClientStartSpreadSeconds = 0.1 } };
        RunReport report = ScenarioRunner.Run(started);

        Assert.True(report.RedisShaping!.LimitsRun);
        Assert.Null(AlignmentCheck.SpreadComparison(started, report, s_options));
    }
}
