using FanoutSim.Model.Chat;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class CapacitySearchTests
{
    /// <summary>A fake runner: ratio 0.95 up to a cliff, then falling; no simulation involved.</summary>
    private static Func<Scenario, RunReport> Cliff(int last, List<int> probed) => s =>
    {
        probed.Add(s.Workload.Users);
        double ratio = s.Workload.Users <= last ? 0.95 : 0.5;
        RunReport real = ScenarioRunner.Summarise(s, [new ChatSimulation(TestScenarios.Room(2, sessions: 1), 1).Run()]);
        return real with { Metrics = real.Metrics with { DeliveryRatio = ratio }, Bottleneck = ResourceId.TaskCpu(0) };
    };

    [Fact]
    public void Bisection_finds_the_cliff_below_the_bound()
    {
        var probed = new List<int>();
        Scenario s = TestScenarios.Room(100);
        CapacityResult r = CapacitySearch.Find(s, new TargetRule(0.9, false), Cliff(57, probed));
        Assert.Equal(57, r.MaxUsers);
        Assert.Equal(58, r.FirstFailing!.Users);
        Assert.Equal(ResourceId.TaskCpu(0), r.LimitingResource);
        Assert.True(r.BoundUsers >= 57);
        Assert.True(probed.Count < 20, $"{probed.Count} probes");
    }

    [Fact]
    public void No_room_size_meets_an_unreachable_target()
    {
        CapacityResult r = CapacitySearch.Find(TestScenarios.Room(100), new TargetRule(0.9, false), Cliff(0, []),
            minUsers: 2, maxUsers: 300);
        Assert.Null(r.MaxUsers);
    }

    [Fact]
    public void The_simulated_capacity_never_exceeds_the_bound()
    {
        Scenario s = TestScenarios.Room(100, sessions: 2) with { Replications = 2 };
        CapacityResult r = CapacitySearch.Find(s, new TargetRule(0.9, false), x => ScenarioRunner.Run(x), 10, 400);
        Assert.NotNull(r.MaxUsers);
        Assert.True(r.MaxUsers <= r.BoundUsers);
        Assert.InRange(r.MaxUsers!.Value, 40, 200);
    }
}
