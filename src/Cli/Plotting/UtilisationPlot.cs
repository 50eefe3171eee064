using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// A run's utilisation per Redis shard (CPU and egress bars side by side) and per task (CPU), against the 100 % a
/// resource cannot pass.
/// </summary>
internal static class UtilisationPlot
{
    private const double BarWidth = 0.38;

    public static void Write(string name, UtilisationChart chart, string path, int width = PlotStyle.DefaultWidth,
        int height = PlotStyle.DefaultHeight)
    {
        Plot plot = PlotStyle.Create($"{name}: utilisation per Redis shard and task (bottleneck: {chart.Bottleneck})",
            "", "utilisation over the run (%)");
        var groups = chart.Redis.Concat(chart.Tasks).ToList();
        // Redis and tasks apart by one empty slot, so the two kinds read as two blocks.
        double[] at = groups.Select((_, i) => i < chart.Redis.Count || chart.Redis.Count == 0 ? i : i + 1.0)
            .ToArray();
        var redis = Enumerable.Range(0, chart.Redis.Count).ToList();
        Bars(plot, redis.Select(i => at[i] - BarWidth / 2).ToArray(),
            redis.Select(i => groups[i].CpuPercent).ToArray(), PlotStyle.ColorOf(0), "Redis CPU");
        var withEgress = redis.Where(i => groups[i].EgressPercent is not null).ToList();
        Bars(plot, withEgress.Select(i => at[i] + BarWidth / 2).ToArray(),
            withEgress.Select(i => groups[i].EgressPercent!.Value).ToArray(), PlotStyle.ColorOf(1), "Redis egress");
        var tasks = Enumerable.Range(chart.Redis.Count, chart.Tasks.Count).ToList();
        Bars(plot, tasks.Select(i => at[i]).ToArray(), tasks.Select(i => groups[i].CpuPercent).ToArray(),
            PlotStyle.ColorOf(2), chart.TasksSummarised ? "task CPU (busiest, mean, least busy)" : "task CPU");
        HorizontalLine full = plot.Add.HorizontalLine(100, 1.5f, Colors.Gray, LinePattern.Dashed);
        full.LegendText = "saturated (100 %)";
        plot.Axes.Bottom.SetTicks(at, groups.Select(g => g.Label).ToArray());
        plot.Axes.SetLimitsY(0, Math.Max(110, groups.Max(g => Math.Max(g.CpuPercent, g.EgressPercent ?? 0)) * 1.1));
        plot.Axes.SetLimitsX(-0.8, at.Length == 0 ? 1 : at[^1] + 0.8);
        plot.ShowLegend(Alignment.UpperRight);
        PlotStyle.Save(plot, path, width, height);
    }

    private static void Bars(Plot plot, double[] positions, double[] values, Color color, string label)
    {
        if (positions.Length == 0)
        {
            return;
        }
        BarPlot bars = plot.Add.Bars(positions, values);
        bars.Color = color;
        bars.LegendText = label;
        foreach (Bar bar in bars.Bars)
        {
            bar.Size = BarWidth;
        }
    }
}
