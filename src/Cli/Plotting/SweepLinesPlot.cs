using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// A sweep's lines against its swept key: colour says the series (a room class, a resource), the line's pattern the
/// other varied setting, and a total is black and thick.
/// </summary>
internal static class SweepLinesPlot
{
    private static readonly LinePattern[] s_patterns =
        [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <param name="full">a horizontal dashed line at this value (100 % for a utilisation); null for none</param>
    /// <param name="legend">where the legend least hides the lines: ratios end high, utilisations low</param>
    public static void Write(string title, string yLabel, SweepLines chart, string path, int width, int height,
        double? full = null, Alignment legend = Alignment.LowerRight)
    {
        Plot plot = PlotStyle.Create(title, chart.XLabel, yLabel);
        var groups = chart.Lines.Select(c => c.Group).Distinct().ToList();
        foreach (SweepLine line in chart.Lines)
        {
            Color color = line.Series < 0 ? Colors.Black : PlotStyle.ColorOf(line.Series);
            Scatter scatter = plot.Add.Scatter(line.X, line.Y, color);
            scatter.LegendText = line.Label;
            scatter.LineWidth = line.Series < 0 ? 3 : 2;
            scatter.MarkerSize = 6;
            scatter.LinePattern = s_patterns[groups.IndexOf(line.Group) % s_patterns.Length];
        }
        if (chart.Categories is { } categories)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(),
                [.. categories]);
        }
        else if (chart.Lines.SelectMany(c => c.X).Distinct().ToList() is { Count: <= 20 } xs
            && xs.All(x => x == Math.Floor(x)))
        {
            // A few whole numbers (tasks, shards): tick each one rather than fractions of a task.
            double[] ticks = [.. xs.Order()];
            plot.Axes.Bottom.SetTicks(ticks, ticks.Select(SweepSeries.Number).ToArray());
        }
        if (full is { } limit)
        {
            HorizontalLine saturated = plot.Add.HorizontalLine(limit, 1.5f, Colors.Gray, LinePattern.Dashed);
            saturated.LegendText = "saturated (100 %)";
        }
        double top = chart.Lines.SelectMany(c => c.Y).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, Math.Max(102, top * 1.05));
        plot.ShowLegend(legend);
        PlotStyle.Save(plot, path, width, height);
    }
}
