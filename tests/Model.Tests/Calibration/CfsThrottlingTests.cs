using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>
/// The CFS quota mechanism: off without a period, and its per-period overhead costs capacity when on.
/// </summary>
public class CfsThrottlingTests
{
    private static ChatOutcome Run(CostProfile profile, int users, double vcpu) =>
        new ChatSimulation(TestScenarios.Room(users, profile: profile, vcpu: vcpu), 3).Run();

    [Fact]
    public void Without_a_period_the_other_cfs_fields_change_nothing()
    {
        ChatOutcome a = Run(TestScenarios.Python, 60, 0.25);
        ChatOutcome b = Run(
            TestScenarios.Python with { ThrottledBurstCores = 2, PeriodOverheadCpuSeconds = 0.005 }, 60, 0.25);
        Assert.Equal(a.Metrics, b.Metrics);
    }

    [Fact]
    public void A_per_period_overhead_makes_an_overloaded_quota_deliver_less()
    {
        CostProfile cfs = TestScenarios.Python with { CfsPeriodSeconds = 0.1 };
        ChatOutcome plain = Run(cfs, 100, 0.25);
        ChatOutcome overhead = Run(cfs with { PeriodOverheadCpuSeconds = 0.01 }, 100, 0.25);
        Assert.True(overhead.Metrics.WsMsgsReceived < plain.Metrics.WsMsgsReceived,
            $"{overhead.Metrics.WsMsgsReceived} should be below {plain.Metrics.WsMsgsReceived}");
    }

    [Fact]
    public void Without_overhead_a_saturated_quota_delivers_about_what_a_continuous_share_does()
    {
        // Same CPU-seconds per second either way; only when they are granted differs.
        ChatOutcome continuous = Run(TestScenarios.Python, 100, 0.25);
        ChatOutcome throttled = Run(TestScenarios.Python with { CfsPeriodSeconds = 0.1 }, 100, 0.25);
        double ratio = (double)throttled.Metrics.WsMsgsReceived / continuous.Metrics.WsMsgsReceived;
        Assert.InRange(ratio, 0.85, 1.15);
    }
}
