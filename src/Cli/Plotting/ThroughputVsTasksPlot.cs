using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;
using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// Deliveries per second against the task count, one curve per other varied setting: adding tasks
/// helps until Redis egress is full, where the curve (and the dashed fluid bound) goes flat.
/// </summary>
internal static class ThroughputVsTasksPlot
{
    public static void Write(SweepFile sweep, string path, int width = PlotStyle.DefaultWidth,
        int height = PlotStyle.DefaultHeight)
    {
        Plot plot = PlotStyle.Create($"{sweep.Scenario}: deliveries per second vs server tasks (95 % CI)",
            "server tasks", "messages delivered per second (k6 ws_msgs_received/s)");
        int i = 0;
        foreach ((string? label, List<SweepRow>? rows) in SweepSeries.By(sweep, "tasks", r => r.Tasks))
        {
            Color color = PlotStyle.ColorOf(i++);
            PlotStyle.AddCurveWithBandAndBound(plot,
                rows.Select(r => (double)r.Tasks).ToArray(),
                rows.Select(r => r.DeliveredPerSecond).ToArray(),
                rows.Select(r => r.DeliveredPerSecondHalfWidth).ToArray(),
                rows.Select(r => r.BoundDeliveredPerSecond).ToArray(),
                color, label, markerSize: 6);
            // Name the binding resource where the bound flattens, so the plateau explains itself.
            SweepRow last = rows[^1];
            if (double.IsNaN(last.BoundDeliveredPerSecond))
            {
                continue;
            }
            Text note = plot.Add.Text($"bound: {last.BoundBottleneck}", last.Tasks, last.BoundDeliveredPerSecond);
            note.LabelFontColor = color;
            note.LabelFontSize = 12;
            note.LabelAlignment = Alignment.LowerRight;
        }
        PlotStyle.AddBoundLegend(plot, sweep);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        PlotStyle.Save(plot, path, width, height);
    }
}
