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

    private static ChatOutcome Run(CostProfile profile, ulong seed = 5, double vcpu = 0.25) =>
        new ChatSimulation(TestScenarios.Room(100, sessions: 6, mode: SubscriptionMode.PerTask, profile: profile,
            vcpu: vcpu), seed).Run();

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

    [Theory]
    [InlineData(0.25, 0.45)]
    [InlineData(0.5, 0.3)]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    public void Quota_scaled_drift_is_the_share_of_the_usable_cores_the_quota_withholds(double vcpu, double amplitude)
    {
        CostProfile profile = TestScenarios.Instant with { UsableCoresPerTask = 1, CpuDrift = 0.6 };
        Assert.Equal(0.6, profile.DriftAmplitudeFor(vcpu), 12);
        Assert.Equal(amplitude, (profile with { CpuDriftQuotaScaled = true }).DriftAmplitudeFor(vcpu), 12);
    }

    [Fact]
    public void A_whole_core_task_runs_steady_when_drift_is_quota_scaled()
    {
        // 100 users' 10,000 copies/s at 88 us a copy: a whole core near capacity, where unscaled drift loses messages.
        CostProfile near = s_nearCapacity with { LocalFanoutCpuSeconds = 0.000088 };
        CostProfile drifting = near with { CpuDrift = 0.6, CpuDriftWindowSeconds = 1 };
        ChatOutcome steady = Run(near, vcpu: 1);
        Assert.Equal(steady.Metrics, Run(drifting with { CpuDriftQuotaScaled = true }, vcpu: 1).Metrics);
        Assert.True(Run(drifting, vcpu: 1).Metrics.DeliveryRatio < steady.Metrics.DeliveryRatio - 0.02,
            "the same drift unscaled slows the whole-core task");
    }

    [Fact]
    public void A_quarter_core_task_still_drifts_when_drift_is_quota_scaled()
    {
        ChatOutcome steady = Run(s_nearCapacity);
        ChatOutcome scaled = Run(s_nearCapacity with
        {
            CpuDrift = 0.8,
            CpuDriftWindowSeconds = 1,
            CpuDriftQuotaScaled = true
        });
        Assert.True(scaled.Metrics.DeliveryRatio < steady.Metrics.DeliveryRatio - 0.02,
            $"0.8 x 0.75 of drift at 0.25 core delivers {scaled.Metrics.DeliveryRatio:P1} against steady "
            + $"{steady.Metrics.DeliveryRatio:P1}");
    }
}
