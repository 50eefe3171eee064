using FanoutSim.Model.Calibration;

namespace FanoutSim.Model.Tests.Calibration;

public class RatioCurvesTests
{
    [Fact]
    public void A_curve_runs_from_10_to_the_largest_N_and_includes_every_measured_N()
    {
        var family = CalibrationStudyTests.CasesMadeWith(TestScenarios.Python)
            .Where(c => c.Scenario.Workload.Users is 25 or 80)
            .ToList();

        IReadOnlyList<CurvePoint> curve = Assert.Single(RatioCurves.Simulate([family], TestScenarios.Python, 1, 2,
            TestContext.Current.CancellationToken));

        Assert.Equal([10, 20, 25, 30, 40, 50, 60, 70, 80], curve.Select(p => p.Users));
        Assert.All(curve, p => Assert.InRange(p.Ratio, 0, 1));
    }
}
