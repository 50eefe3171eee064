using FanoutSim.Model.Planning;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

/// <summary>The capacity answer agrees with a plain run at N and N + 1, falling ratio or not.</summary>
public class CapacityConsistencyTests
{
    private static void AssertConsistent(Scenario scenario, TargetRule target, int minUsers, int maxUsers)
    {
        CapacityResult r = CapacitySearch.Find(scenario, target, s => ScenarioRunner.Run(s), minUsers, maxUsers);
        Assert.NotNull(r.MaxUsers);
        int n = r.MaxUsers.Value;
        Scenario At(int users) => scenario with { Workload = scenario.Workload with { Users = users } };
        Assert.True(target.Meets(At(n), ScenarioRunner.Run(At(n)).Metrics.DeliveryRatio), $"N={n} misses");
        bool atEdge = n == r.BoundUsers || n == maxUsers;
        Assert.True(atEdge || !target.Meets(At(n + 1), ScenarioRunner.Run(At(n + 1)).Metrics.DeliveryRatio),
            $"N={n + 1} still meets the target");
        Assert.True(n <= r.BoundUsers);
    }

    [Fact]
    public void Capacity_is_consistent_with_run_when_small_rooms_lose_the_racing_tick()
    {
        // Per-task at interval 2 s: aligned small rooms score below the target, N near 100 above it.
        Scenario s = TestScenarios.Room(100, interval: 2, sessions: 3, mode: SubscriptionMode.PerTask);
        s = s with { Replications = 2 };
        Scenario pair = s with { Workload = s.Workload with { Users = 2 } };
        Assert.False(new TargetRule(0.95, false).Meets(pair, ScenarioRunner.Run(pair).Metrics.DeliveryRatio));
        AssertConsistent(s, new TargetRule(0.95, false), 2, 400);
    }

    [Fact]
    public void Capacity_is_consistent_with_run_when_the_ratio_falls_with_the_room()
    {
        Scenario s = TestScenarios.Room(100, sessions: 2) with { Replications = 2 };
        AssertConsistent(s, new TargetRule(0.85, false), 10, 400);
    }
}
