using System.Globalization;
using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Scenarios;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Scenario;

namespace FanoutSim.Cli.Plotting;

/// <summary>A family of runs that differ only in N, with the model's ratio over a grid of N.</summary>
public sealed record CalibrationCurve(string Label, IReadOnlyList<CalibrationRun> Measured, IReadOnlyList<(int Users, double Ratio)> Simulated);

/// <summary>Simulates ratio-vs-N curves for every family of runs measured at two or more N.</summary>
public static class CalibrationCurves
{
    public static IReadOnlyList<CalibrationCurve> Simulate(IReadOnlyList<CalibrationRun> runs, CostProfile profile, Catalog catalog,
        int replications, int parallelism)
    {
        var curves = new List<CalibrationCurve>();
        foreach (var family in runs.GroupBy(Family).Where(g => g.Select(r => r.Setup.Users).Distinct().Count() >= 2).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            CalibrationRun template = family.First();
            int maxN = family.Max(r => r.Setup.Users);
            int[] grid = Grid(maxN).Union(family.Select(r => r.Setup.Users)).Order().ToArray();
            var ratios = new double[grid.Length];
            Parallel.For(0, grid.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
            {
                CalibrationRun at = template with { Name = $"{template.Name}@{grid[i]}", Setup = template.Setup with { Users = grid[i] } };
                CalibrationCase c = RunScenarios.Case(at, profile, catalog);
                ratios[i] = ProfileFitter.Predict(c, profile, replications).Metrics.DeliveryRatio;
            });
            curves.Add(new CalibrationCurve(Label(template), family.ToList(), grid.Select((n, i) => (n, ratios[i])).ToList()));
        }
        return curves;
    }

    private static IEnumerable<int> Grid(int maxN)
    {
        int step = Math.Max(10, maxN / 12 / 10 * 10);
        for (int n = 10; n <= maxN; n += step)
        {
            yield return n;
        }
    }

    private static string Family(CalibrationRun r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Setup.Subscription.ToText()}|{ValidationTable.Bandwidth(r)}|{r.Setup.Tasks}|{r.Setup.TaskVcpu}|{r.Setup.IntervalSeconds}|{r.Setup.SessionSeconds}|{r.Setup.Sessions}|{r.RampSeconds}");

    private static string Label(CalibrationRun r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Setup.Subscription.ToText()}, {r.Setup.Tasks} x {r.Setup.TaskVcpu} cores, Redis {ValidationTable.Bandwidth(r)}{(ValidationTable.Bandwidth(r) == "none" ? "" : r.RedisNode is null ? " Mbit/s" : "")}, every {r.Setup.IntervalSeconds} s");
}
