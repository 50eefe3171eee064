using FanoutSim.Model.Calibration;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>
/// What predicting a case simulates: its one scenario, or (`calibrate --repeats-at-own-speed`) each of its repeats at
/// the speed it was measured at, pooled.
/// </summary>
public class CalibrationCaseTests
{
    private static readonly ObservedMetrics s_unknown = new(1, null, null, null);

    // Costs priced on a machine of speed index 2 million.
    private static readonly CostProfile s_profile = TestScenarios.Python with { SpeedIndex = 2_000_000 };

    // One 0.25-core room on its knee: its ratio falls steeply as the machine slows.
    private static readonly Scenario s_knee = TestScenarios.Room(60, sessions: 1, vcpu: 0.25, profile: s_profile);

    private static Scenario At(double speedIndex) =>
        s_knee with { Deployment = s_knee.Deployment with { MachineSpeedIndex = speedIndex } };

    private static double Ratio(CalibrationCase c) =>
        CalibrationCase.Predict([c], s_profile, 2, ReplicationOptions.Default)[0].Metrics.DeliveryRatio;

    [Fact]
    public void A_case_without_repeats_simulates_its_own_scenario_with_the_profile_and_replications()
    {
        var c = new CalibrationCase("knee", s_knee, s_unknown);

        ScenarioGroup group = c.Simulated(s_profile, 3);

        Assert.Equal([c.With(s_profile, 3)], group.Members);
        Assert.Equal(group.Members[0], group.Shown);
    }

    [Fact]
    public void A_case_with_repeats_is_predicted_as_the_mean_of_its_repeats_each_at_its_own_speed()
    {
        double slow = s_profile.SpeedIndex * 0.6, fast = s_profile.SpeedIndex * 1.4;
        var atMean = new CalibrationCase("knee", At((slow + fast) / 2), s_unknown);
        CalibrationCase repeats = atMean with { Repeats = [At(slow), At(fast)] };

        double pooled = Ratio(repeats);

        double each = (Ratio(new CalibrationCase("slow", At(slow), s_unknown))
            + Ratio(new CalibrationCase("fast", At(fast), s_unknown))) / 2;
        Assert.Equal(each, pooled, 12);
        // On a knee the two differ: the mean of the curve is not the curve at the mean speed.
        Assert.True(Math.Abs(pooled - Ratio(atMean)) > 0.01, $"pooled {pooled}, at the mean speed {Ratio(atMean)}");
        Assert.All(repeats.Simulated(s_profile, 2).Members,
            m => Assert.Equal((s_profile, 2), (m.Profile, m.Replications)));
    }
}
