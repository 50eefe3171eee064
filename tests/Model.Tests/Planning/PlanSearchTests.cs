using FanoutSim.Model.Planning;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class PlanSearchTests
{
    private static readonly PlanPrices s_prices = new(0.03238, 0.00356);

    [Fact]
    public void Cost_is_tasks_times_size_plus_the_redis_node()
    {
        FargateSize size = FargateSize.All.Single(f => f.Vcpu == 1);
        double cost = PlanCandidate.Cost(4, size, TestScenarios.SmallNode, s_prices);
        Assert.Equal(4 * (1 * 0.03238 + 2 * 0.00356) + 0.032, cost, 9);
    }

    [Fact]
    public void The_cheapest_passing_configurations_come_first_and_cheaper_ones_fail()
    {
        Scenario s = TestScenarios.Room(150, sessions: 2) with { Replications = 2 };
        List<PlanCandidate> candidates = PlanSearch.Candidates([1, 2, 3, 4, 6],
            FargateSize.All.Where(f => f.Vcpu <= 1).ToList(),
            [TestScenarios.SmallNode], [SubscriptionMode.PerConnection, SubscriptionMode.PerTask], s_prices);
        PlanResult result = PlanSearch.Search(s, candidates, new TargetRule(0.95, true), x => ScenarioRunner.Run(x),
            wanted: 2, maxSimulations: 20);
        Assert.NotEmpty(result.Cheapest);
        Assert.True(result.PrunedByBound > 0);
        double cheapestPassing = result.Cheapest.Min(e => e.Candidate.DollarsPerHour);
        Assert.All(result.CheaperFailures, f => Assert.True(f.Candidate.DollarsPerHour <= cheapestPassing + 1e-9));
        Assert.All(result.Cheapest, e => Assert.True(e.Meets));
        Assert.Equal(result.Cheapest.Select(e => e.Candidate.DollarsPerHour).Order(),
            result.Cheapest.Select(e => e.Candidate.DollarsPerHour));
    }
}
