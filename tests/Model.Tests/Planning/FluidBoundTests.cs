using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class FluidBoundTests
{
    private static (double Ratio, double HalfWidth) Simulate(Scenario s, int replications = 3)
    {
        RunReport report = ScenarioRunner.Run(s with { Replications = replications });
        return (report.Metrics.DeliveryRatio, report.Confidence?.DeliveryRatioHalfWidth ?? 0);
    }

    public static TheoryData<int, int, SubscriptionMode, double> Grid => new()
    {
        { 10, 1, SubscriptionMode.PerConnection, 0 },
        { 60, 1, SubscriptionMode.PerConnection, 0 },
        { 100, 1, SubscriptionMode.PerConnection, 0 },
        { 200, 1, SubscriptionMode.PerConnection, 0 },
        { 150, 2, SubscriptionMode.PerTask, 0 },
        { 300, 2, SubscriptionMode.PerConnection, 3 },
        { 120, 4, SubscriptionMode.PerTask, 12 },
    };

    [Theory]
    [MemberData(nameof(Grid))]
    public void The_simulation_never_beats_the_bound(int users, int tasks, SubscriptionMode mode, double ramp)
    {
        Scenario s = TestScenarios.Room(users, tasks: tasks, mode: mode, ramp: ramp);
        (double ratio, double halfWidth) = Simulate(s);
        FluidEstimate bound = FluidBound.Of(s);
        Assert.True(ratio - halfWidth <= bound.MaxRatio + 0.002,
            $"simulated {ratio:P2} ± {halfWidth:P2} beats the bound {bound.MaxRatio:P2} ({bound.Bottleneck})");
    }

    [Fact]
    public void Costly_per_task_local_fanout_caps_the_ratio_and_the_bound_knows_it()
    {
        CostProfile profile = TestScenarios.Instant with { DeliveryCpuSeconds = 1e-6, LocalFanoutCpuSeconds = 0.00005 };
        Scenario s = TestScenarios.Room(120, mode: SubscriptionMode.PerTask, profile: profile, vcpu: 0.25);
        FluidEstimate bound = FluidBound.Of(s);
        (double ratio, double halfWidth) = Simulate(s, 2);
        Assert.Equal(ResourceId.AnyTaskCpu, bound.Bottleneck);
        Assert.True(bound.MaxRatio < 0.5, $"the bound {bound.MaxRatio:P1} should see the local fan-out's cost");
        Assert.True(ratio - halfWidth <= bound.MaxRatio + 0.002,
            $"simulated {ratio:P2} beats the bound {bound.MaxRatio:P2}");
    }

    [Fact]
    public void A_shaped_redis_link_caps_the_ratio_and_the_bound_knows_it()
    {
        var shaped = new RedisNodeType("shaped-20mbps", 0.02, 0.02, 0, 0, 0);
        Scenario s = TestScenarios.Room(150, tasks: 8, node: shaped);
        FluidEstimate bound = FluidBound.Of(s);
        (double ratio, double _) = Simulate(s, 2);
        Assert.Equal(ResourceId.RedisEgress, bound.Bottleneck);
        Assert.True(bound.Resource(ResourceId.RedisEgress).OfferedUtilization > 1);
        Assert.True(ratio <= bound.MaxRatio + 0.002,
            $"simulated {ratio:P2} beats the egress bound {bound.MaxRatio:P2}");
    }

    [Fact]
    public void Without_load_aligned_sessions_match_the_ideal_ratio()
    {
        // An instant server keeps every session aligned: only the tick racing the close is lost.
        Scenario s = TestScenarios.Room(40, sessions: 3, profile: TestScenarios.Instant);
        FluidEstimate bound = FluidBound.Of(s);
        (double ratio, double _) = Simulate(s, 2);
        Assert.True(bound.NoQueue);
        Assert.InRange(ratio, bound.IdealRatio - 0.01, bound.IdealRatio + 0.01);
    }

    [Fact]
    public void Without_load_spread_sessions_match_the_ideal_ratio()
    {
        // A ramp longer than a session cycle spreads users: losses come from reconnect gaps instead.
        Scenario s = TestScenarios.Room(30, sessions: 4, ramp: 12);
        FluidEstimate bound = FluidBound.Of(s);
        (double ratio, double halfWidth) = Simulate(s, 4);
        Assert.True(bound.NoQueue);
        Assert.InRange(bound.IdealRatio, ratio - halfWidth - 0.01, ratio + halfWidth + 0.01);
    }

    [Fact]
    public void Offered_load_grows_with_the_square_of_the_room_in_per_connection_mode()
    {
        double Egress(int n) => FluidBound.Of(TestScenarios.Room(n))
            .Resource(ResourceId.RedisEgress).OfferedUtilization;
        Assert.InRange(Egress(200) / Egress(100), 3.8, 4.2);
        double PerTask(int n) => FluidBound.Of(TestScenarios.Room(n, tasks: 4, mode: SubscriptionMode.PerTask))
            .Resource(ResourceId.RedisEgress).OfferedUtilization;
        Assert.InRange(PerTask(200) / PerTask(100), 1.9, 2.1);
    }

    [Fact]
    public void Ideal_ratio_at_interval_one_second_loses_the_racing_tick()
    {
        Scenario s = TestScenarios.Room(50, profile: TestScenarios.Instant);
        double expected = 9 / (9 + TestScenarios.Instant.FinalTickWinsProbability);
        Assert.Equal(expected, IdealRatio.Of(s, 0), 3);
        Assert.True(IdealRatio.Ceiling(s) >= IdealRatio.Of(s, 0));
    }
    [Fact]
    public void A_speed_trace_bounds_at_the_most_of_its_speeds()
    {
        // An overloaded room whose tasks run 40 % fast, then 40 % slow: a run may spend its length at either speed,
        // and a faster task stretches sessions less (its clients send more), so neither end is always the looser.
        Scenario s = TestScenarios.Room(200, vcpu: 0.25);
        Scenario traced = s with { Deployment = s.Deployment with { SpeedTrace = new SpeedTrace([1.4, 1.4, 0.6]) } };
        FluidEstimate[] steady = [.. new[] { 1.4, 0.6, 1 }.Select(f => FluidBound.Of(FluidBound.AtSpeed(s, f)))];

        FluidEstimate bound = FluidBound.Of(traced);

        Assert.Equal(steady.Max(e => e.MaxRatio), bound.MaxRatio, 12);
        Assert.Equal(steady.Max(e => e.MaxDeliveredPerSecond), bound.MaxDeliveredPerSecond, 9);
        Assert.True(bound.MaxRatio >= FluidBound.Of(s).MaxRatio);
        // At speed 1 the steady scenario prices as the scenario itself, bit for bit.
        FluidEstimate plain = FluidBound.Of(s);
        Assert.Equal((plain.MaxRatio, plain.MaxDeliveredPerSecond, plain.SendRate, plain.Bottleneck),
            (steady[2].MaxRatio, steady[2].MaxDeliveredPerSecond, steady[2].SendRate, steady[2].Bottleneck));
    }
}
