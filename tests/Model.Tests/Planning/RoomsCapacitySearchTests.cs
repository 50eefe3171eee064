using FanoutSim.Model.Chat;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

/// <summary>The capacity search over a service's rooms: the one-room search, bisecting the scale, not N.</summary>
public class RoomsCapacitySearchTests
{
    /// <summary>A fake runner: every class delivers 0.95 up to a cliff in users, then 0.5; no simulation.</summary>
    private static Func<Scenario, RunReport> Cliff(int lastUsers, List<Scenario> probed) => s =>
    {
        probed.Add(s);
        double ratio = s.Workload.Users <= lastUsers ? 0.95 : 0.5;
        RunReport real = ScenarioRunner.Summarise(s, [new ChatSimulation(TestScenarios.Room(2, sessions: 1), 1).Run()]);
        var classes = s.Workload.RoomClasses
            .Select(c => new RoomClassMetrics(c.Count, c.Size, 10, ratio * 100, 100, ratio, 1))
            .ToList();
        return real with
        {
            Metrics = real.Metrics with { DeliveryRatio = ratio },
            Bottleneck = ResourceId.TaskCpu(1),
            RoomClasses = classes,
        };
    };

    [Fact]
    public void Bisection_finds_the_largest_scale_that_holds_the_target_and_the_next_one_misses()
    {
        var probed = new List<Scenario>();
        var axis = new RoomScaleAxis(RoomScaleAxisTests.Service(), 2, 5000);
        // Point m is m rooms of 10 and round(m / 30) rooms of 100: 57 rooms of 10 and 2 of 100 are 770 users.
        CapacityResult r = CapacitySearch.Find(axis, new TargetRule(0.9, false), Cliff(770, probed));
        Assert.Equal(57, r.MaxUsers);
        Assert.Equal(770, r.AtMax!.Users);
        Assert.Equal(780, r.FirstFailing!.Users);
        Assert.Equal(57 / 30.0, r.AtMax.Rooms!.Scale);
        Assert.Equal(59, r.AtMax.Rooms.Rooms);
        Assert.Equal(ResourceId.TaskCpu(1), r.LimitingResource);
        Assert.True(probed.Count < 20, $"{probed.Count} probes");
        Assert.All(probed, s => Assert.Equal(s.Workload.Rooms!.Sum(c => c.Members), s.Workload.Users));
    }

    [Fact]
    public void Each_probe_carries_every_room_class_ratio_from_its_run()
    {
        var axis = new RoomScaleAxis(RoomScaleAxisTests.Service(), 2, 2000);
        CapacityResult r = CapacitySearch.Find(axis, new TargetRule(0.9, false), Cliff(500, []));
        Assert.All(r.Probes, p => Assert.Equal(2, p.Rooms!.Classes.Count));
        Assert.Equal([0.95, 0.95], r.AtMax!.Rooms!.Classes.Select(c => c.DeliveryRatio));
        Assert.Equal([0.5, 0.5], r.FirstFailing!.Rooms!.Classes.Select(c => c.DeliveryRatio));
        Assert.Equal(r.Probes.Select(p => p.Rooms!.Point).Order(), r.Probes.Select(p => p.Rooms!.Point));
    }

    [Fact]
    public void A_simulated_service_meets_the_target_at_its_answer_and_its_bound_is_never_below_it()
    {
        Scenario service = RoomScaleAxisTests.Service(new RoomClass(6, 5), new RoomClass(1, 40)) with
        {
            Replications = 2,
        };
        var axis = new RoomScaleAxis(service, 2, 600);
        var target = new TargetRule(0.9, false);
        CapacityResult r = CapacitySearch.Find(axis, target, s => ScenarioRunner.Run(s));
        Assert.NotNull(r.MaxUsers);
        Assert.True(r.MaxUsers <= r.BoundUsers);
        Scenario answer = axis.At(r.MaxUsers!.Value);
        RunReport again = ScenarioRunner.Run(answer);
        Assert.Equal(r.AtMax!.Ratio, again.Metrics.DeliveryRatio);
        Assert.True(target.Meets(answer, again));
    }
}
