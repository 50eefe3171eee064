using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// Delivery ratio per room class against a swept key, with the total as a thick black line: which rooms suffer
/// first as the service grows or shrinks (a big room's members need many more writes than a small one's).
/// </summary>
internal static class RoomClassRatioPlot
{
    public static void Write(string scenario, int replications, RoomClassChart chart, string path,
        int width = PlotStyle.DefaultWidth, int height = PlotStyle.DefaultHeight)
    {
        Plot plot = PlotStyle.Create($"{scenario}: delivery ratio per room class vs {chart.XKey} ({replications} " +
            "replications)", chart.XLabel, "delivery ratio (%)");
        var groups = chart.Curves.Select(c => c.Group).Distinct().ToList();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        foreach (RoomClassCurve curve in chart.Curves)
        {
            // Colour says the class, the line's pattern the other varied setting; the total is black and thick.
            Color color = curve.Class < 0 ? Colors.Black : PlotStyle.ColorOf(curve.Class);
            Scatter line = plot.Add.Scatter(curve.X, curve.RatioPercent, color);
            line.LegendText = curve.Label;
            line.LineWidth = curve.Class < 0 ? 3 : 2;
            line.MarkerSize = 6;
            line.LinePattern = patterns[groups.IndexOf(curve.Group) % patterns.Length];
        }
        if (chart.Categories is { } categories)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(),
                [.. categories]);
        }
        else if (chart.Curves.SelectMany(c => c.X).Distinct().ToList() is { Count: <= 20 } xs
            && xs.All(x => x == Math.Floor(x)))
        {
            // A few whole numbers (tasks, shards): tick each one rather than fractions of a task.
            double[] ticks = [.. xs.Order()];
            plot.Axes.Bottom.SetTicks(ticks, ticks.Select(SweepSeries.Number).ToArray());
        }
        plot.Axes.SetLimitsY(0, 102);
        plot.ShowLegend(Alignment.LowerRight);
        PlotStyle.Save(plot, path, width, height);
    }
}
