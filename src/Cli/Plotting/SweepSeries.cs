using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;

namespace FanoutSim.Cli.Plotting;

/// <summary>Groups sweep rows into curves: one per combination of every varied key except the x axis.</summary>
internal static class SweepSeries
{
    public static List<(string Label, List<SweepRow> Rows)> By(SweepFile sweep, string xKey, Func<SweepRow, double> x)
    {
        var others = sweep.Vary.Select(a => a.Key).Where(k => k != xKey).ToList();
        return sweep.Points
            .GroupBy(r => string.Join(", ", others.Select(k => $"{k}={r.Values.GetValueOrDefault(k, "")}")))
            .Select(g => (Label: g.Key.Length == 0 ? sweep.Scenario : g.Key, Rows: g.OrderBy(x).ToList()))
            .OrderBy(s => s.Rows[0].Tasks).ThenBy(s => s.Rows[0].Users).ThenBy(s => s.Label, StringComparer.Ordinal)
            .ToList();
    }

    public static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
