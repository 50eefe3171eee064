using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Plotting;
using FanoutSim.Cli.Tests.Calibration;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Plotting;

/// <summary>
/// The ratio-vs-N figure's families: runs that differ only in N, each curve named so that no two read alike.
/// </summary>
public class CalibrationCurvesTests
{
    private static CalibrationRun Run(string name, int users, double ramp)
    {
        RunReport r = RunFiles.Measured(name, users, 0.9);
        return new CalibrationRun(name, name + ".json", r.Setup with { RampSeconds = ramp },
            new ObservedMetrics(0.9, null, null, null), 900, 81_000);
    }

    [Fact]
    public void Aligned_and_spread_runs_are_two_families_with_two_labels()
    {
        CalibrationRun[] runs = [Run("s50", 50, 1), Run("s100", 100, 1), Run("a50", 50, 0), Run("a100", 100, 0)];

        IReadOnlyList<IReadOnlyList<CalibrationRun>> families = CalibrationCurves.Families(runs);

        Assert.Equal(2, families.Count);
        string[] labels = families.Select(f => CalibrationCurves.Label(f[0])).ToArray();
        Assert.Single(labels, l => l.EndsWith(", aligned", StringComparison.Ordinal));
        Assert.NotEqual(labels[0], labels[1]);
    }

    [Fact]
    public void A_setup_measured_at_one_n_makes_no_family()
    {
        Assert.Empty(CalibrationCurves.Families([Run("s50", 50, 1), Run("a100", 100, 0)]));
    }
}
