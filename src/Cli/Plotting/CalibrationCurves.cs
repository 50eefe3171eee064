using System.Globalization;
using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Plotting;

/// <summary>A family of runs that differ only in N, with the model's ratio over a grid of N.</summary>
public sealed record CalibrationCurve(
    string Label,
    IReadOnlyList<CalibrationRun> Measured,
    IReadOnlyList<CurvePoint> Simulated);

/// <summary>
/// Which runs form a ratio-vs-N curve (a family measured at two or more N) and what the curve is called.
/// </summary>
public static class CalibrationCurves
{
    /// <summary>Every family of runs measured at two or more N, in a stable order (so colours stay put).</summary>
    public static IReadOnlyList<IReadOnlyList<CalibrationRun>> Families(IReadOnlyList<CalibrationRun> runs) =>
        runs.GroupBy(Family)
            .Where(g => g.Select(r => r.Setup.Users).Distinct().Count() >= 2)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<CalibrationRun>)g.ToList())
            .ToList();

    public static string Label(CalibrationRun r)
    {
        RunSetup s = r.Setup;
        string bandwidth = ValidationTable.Bandwidth(r);
        string unit = bandwidth == "none" ? "" : r.RedisNode is null ? " Mbit/s" : "";
        // Families differ by their ramp too: an aligned one (ramp 0, k6's way) must not share its spread twin's label.
        string aligned = r.RampSeconds == 0 ? ", aligned" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Subscription.ToText()}, {s.Tasks} x {s.TaskVcpu} cores, Redis {bandwidth}{unit}, every " +
            $"{s.IntervalSeconds} s{aligned}");
    }

    private static string Family(CalibrationRun r)
    {
        RunSetup s = r.Setup;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Subscription.ToText()}|{ValidationTable.Bandwidth(r)}|{s.Tasks}|{s.TaskVcpu}|{s.IntervalSeconds}" +
            $"|{s.SessionSeconds}|{s.Sessions}|{r.RampSeconds}");
    }
}
