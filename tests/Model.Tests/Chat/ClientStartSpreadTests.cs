using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// The load generator's own start (profile <c>client_start_spread</c>): users a shorter ramp would dial together dial
/// uniformly over the spread instead, the way a fresh load-generator process opens its first sockets one after another
/// (calibration/drop-storm: a lockstep start's sockets open over 45-90 ms whatever the servers' CPU).
/// </summary>
public sealed class ClientStartSpreadTests
{
    private static Scenario WithSpread(Scenario s, double spread) =>
        s with { Profile = s.Profile with { ClientStartSpreadSeconds = spread } };

    [Fact]
    public void Users_dial_over_the_longer_of_the_ramp_and_the_spread()
    {
        Assert.Equal(0.05, WithSpread(TestScenarios.Room(10, ramp: 0), 0.05).DialRampSeconds, 12);
        Assert.Equal(1, WithSpread(TestScenarios.Room(10, ramp: 1), 0.05).DialRampSeconds, 12);
        Assert.Equal(0, TestScenarios.Room(10, ramp: 0).DialRampSeconds);
    }

    [Fact]
    public void A_ramp_longer_than_the_spread_leaves_every_figure_as_it_was()
    {
        Scenario ramped = TestScenarios.Room(60, tasks: 2, ramp: 1) with { Replications = 2 };
        string without = RunReportJson.Serialize(ScenarioRunner.Run(ramped));
        string with = RunReportJson.Serialize(ScenarioRunner.Run(WithSpread(ramped, 0.05)));
        Assert.Equal(without, with);
    }

    [Fact]
    public void Without_a_ramp_the_spread_starts_users_apart()
    {
        // Instant costs: nothing queues, so the run ends at the last user's last close, which the spread delays
        // by the latest draw (close to the spread with 200 users) and no more.
        Scenario together = TestScenarios.Room(200, profile: TestScenarios.Instant);
        double start = new ChatSimulation(together, together.Seed).Run().Metrics.DurationSeconds;
        Scenario apart = WithSpread(together, 0.5);
        double spread = new ChatSimulation(apart, apart.Seed).Run().Metrics.DurationSeconds;
        Assert.InRange(spread - start, 0.45, 0.5 + 1e-9);
    }

    // Its grammar and bounds are specified with every field's (ProfileFieldsTests).
    [Fact]
    public void The_key_is_optional()
    {
        ProfileField field = ProfileFields.Find("client_start_spread")!;
        Assert.Equal(0, field.Get(TestScenarios.Python));
        Assert.False(field.Written(TestScenarios.Python));
    }
}
