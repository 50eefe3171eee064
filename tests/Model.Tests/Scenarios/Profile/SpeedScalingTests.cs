using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Tests.Scenarios.Profile;

/// <summary>A profile's CPU costs moved to a machine of another speed index.</summary>
public class SpeedScalingTests
{
    private static readonly CostProfile s_fitted = TestScenarios.Python with
    {
        SpeedIndex = 2_000_000,
        TaskOverheadCores = 0.01,
        ForwardTurnCpuSeconds = 1e-5,
    };

    [Fact]
    public void Without_a_machine_or_a_recorded_speed_or_at_the_same_speed_the_profile_is_the_same_object()
    {
        Assert.Same(s_fitted, SpeedScaling.On(s_fitted, null));
        Assert.Same(s_fitted, SpeedScaling.On(s_fitted, 2_000_000));
        CostProfile unrecorded = s_fitted with { SpeedIndex = 0 };
        Assert.Same(unrecorded, SpeedScaling.On(unrecorded, 4_000_000));
    }

    [Fact]
    public void A_machine_twice_as_fast_halves_every_cpu_cost_and_leaves_every_other_field_alone()
    {
        CostProfile fast = SpeedScaling.On(s_fitted, 4_000_000);

        Assert.Equal(4_000_000, fast.SpeedIndex);
        foreach (ProfileField f in ProfileFields.All.Where(f => f.Key != "speed_index"))
        {
            double expected = f.CpuWork ? f.Get(s_fitted) / 2 : f.Get(s_fitted);
            Assert.True(Math.Abs(f.Get(fast) - expected) <= 1e-15 * Math.Abs(expected), f.Key);
        }
        Assert.Equal(0.001, fast.InboundCpuSeconds, 15);
        Assert.Equal(0.005, fast.TaskOverheadCores, 15);
        Assert.Equal(s_fitted.ClientRttSeconds, fast.ClientRttSeconds);
    }

    [Fact]
    public void Cpu_work_is_the_cpu_seconds_and_runtime_cores_not_latencies_sizes_or_shares()
    {
        string[] work = ProfileFields.All.Where(f => f.CpuWork).Select(f => f.Key).ToArray();
        Assert.Contains("delivery_cpu", work);
        Assert.Contains("task_overhead_cores", work);
        Assert.Contains("redis_copy_cpu", work);
        Assert.DoesNotContain("client_rtt", work);
        Assert.DoesNotContain("redis_bytes_per_copy", work);
        Assert.DoesNotContain("cpu_drift", work);
        Assert.DoesNotContain("usable_cores_per_task", work);
        Assert.DoesNotContain("cfs_period", work);
        Assert.All(ProfileFields.All.Where(f => f.CpuWork),
            f => Assert.True(f.Unit is ProfileUnit.Seconds or ProfileUnit.Cores, f.Key));
    }

    [Fact]
    public void A_scenario_on_the_profiles_own_machine_simulates_bit_for_bit_as_one_that_names_no_machine()
    {
        Scenario plain = TestScenarios.Room(120, vcpu: 0.25, profile: s_fitted);
        Scenario same = plain with { Deployment = plain.Deployment with { MachineSpeedIndex = s_fitted.SpeedIndex } };

        RunMetrics a = ScenarioRunner.Run(plain).Metrics;
        RunMetrics b = ScenarioRunner.Run(same).Metrics;

        Assert.Equal(a, b);
    }

    [Fact]
    public void A_saturated_task_delivers_more_on_a_faster_machine_and_less_on_a_slower_one()
    {
        Scenario room = TestScenarios.Room(150, vcpu: 0.25, profile: s_fitted);
        double Ratio(double speed) => ScenarioRunner.Run(
            room with { Deployment = room.Deployment with { MachineSpeedIndex = speed } }).Metrics.DeliveryRatio;

        double slow = Ratio(1_600_000), own = Ratio(2_000_000), fast = Ratio(3_000_000);

        Assert.True(slow < own && own < fast, $"slow {slow:P1}, own {own:P1}, fast {fast:P1}");
    }

    [Fact]
    public void The_setup_records_the_machine_and_rebuilds_the_same_deployment()
    {
        Scenario room = TestScenarios.Room(20, profile: s_fitted);
        room = room with { Deployment = room.Deployment with { MachineSpeedIndex = 1_234_567 } };

        RunSetup setup = RunSetups.Of(room);

        Assert.Equal(1_234_567, setup.MachineSpeedIndex);
        Assert.Equal(room.Deployment, RunSetups.Deployment(setup, new Dictionary<string, RedisNodeType>
        {
            [TestScenarios.SmallNode.Name] = TestScenarios.SmallNode,
        }));
    }

    [Fact]
    public void The_rules_refuse_a_machine_speed_that_is_not_positive()
    {
        Scenario room = TestScenarios.Room(20, profile: s_fitted);
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioRules.Check(
            room with { Deployment = room.Deployment with { MachineSpeedIndex = 0 } }));
        Assert.Equal("machine_speed", e.Key);
    }
}
