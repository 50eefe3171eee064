using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class LatencyTargetTests
{
    [Fact]
    public void A_p99_target_fails_a_run_whose_ratio_passes_but_whose_deliveries_are_late()
    {
        Scenario room = TestScenarios.Room(40, ramp: 1);
        RunReport report = ScenarioRunner.Run(room);
        double p99 = report.DeliveryLatency!.P99;

        Assert.True(new TargetRule(0.5, false).Meets(room, report));
        Assert.True(new TargetRule(0.5, false, p99 * 1.05).Meets(room, report));
        Assert.False(new TargetRule(0.5, false, p99 * 0.5).Meets(room, report));
    }

    [Fact]
    public void Capacity_with_a_latency_target_is_never_larger_than_without()
    {
        Scenario room = TestScenarios.Room(40, ramp: 1) with { Replications = 2 };
        RunReport Run(Scenario s) => ScenarioRunner.Run(s);

        CapacityResult ratioOnly = CapacitySearch.Find(room, new TargetRule(0.9, false), Run, 10, 200);
        CapacityResult withLatency = CapacitySearch.Find(room, new TargetRule(0.9, false, 0.2), Run, 10, 200);

        Assert.NotNull(ratioOnly.MaxUsers);
        Assert.True(withLatency.MaxUsers is null || withLatency.MaxUsers <= ratioOnly.MaxUsers);
        Assert.All(withLatency.Probes.Where(p => p.Meets), p => Assert.True(p.P99 <= 0.2));
    }
}
