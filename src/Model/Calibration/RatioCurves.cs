using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Calibration;

/// <summary>One point of a simulated ratio-vs-N curve.</summary>
public readonly record struct CurvePoint(int Users, double Ratio);

/// <summary>
/// The model's delivery ratio over a grid of N for families of cases that differ only in N (the grid runs from 10 to
/// the largest measured N and includes every measured N), so measured points can be drawn over the model's curve.
/// </summary>
public static class RatioCurves
{
    public static IReadOnlyList<IReadOnlyList<CurvePoint>> Simulate(
        IReadOnlyList<IReadOnlyList<CalibrationCase>> families, CostProfile profile, int replications, int parallelism,
        CancellationToken cancellation = default)
    {
        var grids = families
            .Select(f => Grid(f.Max(Users)).Union(f.Select(Users)).Order().ToArray())
            .ToList();
        var scenarios = families
            .SelectMany((f, i) => grids[i].Select(n => At(f[0], n).With(profile, replications)))
            .ToList();
        IReadOnlyList<RunReport> reports = Replications.Run(scenarios,
            new ReplicationOptions(parallelism, Cancellation: cancellation));
        var curves = new List<IReadOnlyList<CurvePoint>>();
        int next = 0;
        foreach (int[] grid in grids)
        {
            curves.Add(grid.Select(n => new CurvePoint(n, reports[next++].Metrics.DeliveryRatio)).ToList());
        }
        return curves;
    }

    private static int Users(CalibrationCase c) => c.Scenario.Workload.Users;

    private static CalibrationCase At(CalibrationCase template, int users) => template with
    {
        Name = $"{template.Name}@{users}",
        Scenario = template.Scenario with
        {
            Name = $"{template.Name}@{users}",
            Workload = template.Scenario.Workload with { Users = users },
        },
    };

    private static IEnumerable<int> Grid(int maxN)
    {
        int step = Math.Max(10, maxN / 12 / 10 * 10);
        for (int n = 10; n <= maxN; n += step)
        {
            yield return n;
        }
    }
}
