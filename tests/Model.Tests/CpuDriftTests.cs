using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests;

/// <summary>
/// cpu_drift: a task's speed wanders from one window of seconds to the next, around its nominal speed.
/// </summary>
public class CpuDriftTests
{
    [Fact]
    public void Without_amplitude_the_task_runs_at_its_nominal_speed()
    {
        var drift = new CpuDrift(0, 1, 42);
        Assert.False(drift.IsOn);
        Assert.Equal(1, drift.FactorAt(3.7));
    }

    [Fact]
    public void Factors_stay_in_range_hold_for_a_window_and_average_to_one()
    {
        var drift = new CpuDrift(0.5, 2, 42);
        double[] factors = Enumerable.Range(0, 4000).Select(w => drift.FactorAt(2 * w + 0.5)).ToArray();
        Assert.All(factors, f => Assert.InRange(f, 0.5, 1.5));
        Assert.InRange(factors.Average(), 0.98, 1.02);
        Assert.Equal(drift.FactorAt(10.1), drift.FactorAt(11.9));
        Assert.True(factors.Distinct().Count() > 3900, "each window draws its own factor");
    }

    private static ChatOutcome Run(CostProfile profile, ulong seed = 5) =>
        new ChatSimulation(TestScenarios.Room(100, sessions: 6, mode: SubscriptionMode.PerTask, profile: profile,
            vcpu: 0.25), seed).Run();

    // 100 users ask 10,000 copies/s; at 22 us a copy that is 88 % of a 0.25-core task: a steady task keeps up.
    private static readonly CostProfile s_nearCapacity = TestScenarios.Instant with
    {
        DeliveryCpuSeconds = 0,
        LocalFanoutCpuSeconds = 0.000022
    };

    [Fact]
    public void A_task_near_capacity_loses_messages_when_its_speed_drifts()
    {
        ChatOutcome steady = Run(s_nearCapacity);
        ChatOutcome drifting = Run(s_nearCapacity with { CpuDrift = 0.6, CpuDriftWindowSeconds = 1 });
        Assert.True(steady.Metrics.DeliveryRatio > 0.9, $"steady task delivers {steady.Metrics.DeliveryRatio:P1}");
        Assert.True(drifting.Metrics.DeliveryRatio < steady.Metrics.DeliveryRatio - 0.02,
            $"drifting {drifting.Metrics.DeliveryRatio:P1} should be clearly below steady " +
            $"{steady.Metrics.DeliveryRatio:P1}: slow windows build backlog that closes cut off");
    }

    [Fact]
    public void The_same_seed_gives_the_same_drift()
    {
        CostProfile profile = s_nearCapacity with { CpuDrift = 0.6, CpuDriftWindowSeconds = 1 };
        Assert.Equal(Run(profile, seed: 7).Metrics, Run(profile, seed: 7).Metrics);
        Assert.NotEqual(Run(profile, seed: 7).Metrics, Run(profile, seed: 8).Metrics);
    }
}
