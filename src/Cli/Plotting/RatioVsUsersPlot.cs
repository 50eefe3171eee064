using FanoutSim.Cli.Sweeps;
using ScottPlot;

namespace FanoutSim.Cli.Plotting;

/// <summary>Delivery ratio against room size N: one curve per other varied setting (usually the task count), with 95 % CI bands and the fluid bound dashed.</summary>
internal static class RatioVsUsersPlot
{
    public static void Write(SweepFile sweep, string path, int width = PlotStyle.DefaultWidth, int height = PlotStyle.DefaultHeight)
    {
        Plot plot = PlotStyle.Create($"{sweep.Scenario}: delivery ratio vs room size ({sweep.Replications} replications, 95 % CI)",
            "users in the room, N", "delivery ratio (%)");
        int i = 0;
        foreach (var (label, rows) in SweepSeries.By(sweep, "users", r => r.Users))
        {
            Color color = PlotStyle.ColorOf(i++);
            double[] xs = rows.Select(r => (double)r.Users).ToArray();
            double[] ys = rows.Select(r => r.DeliveryRatio * 100).ToArray();
            if (rows.Any(r => r.DeliveryRatioHalfWidth > 0))
            {
                var band = plot.Add.FillY(xs, rows.Select(r => (r.DeliveryRatio - r.DeliveryRatioHalfWidth) * 100).ToArray(),
                    rows.Select(r => (r.DeliveryRatio + r.DeliveryRatioHalfWidth) * 100).ToArray());
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
            }
            var curve = plot.Add.Scatter(xs, ys, color);
            curve.LegendText = label;
            curve.LineWidth = 2;
            curve.MarkerSize = 5;
            var bound = plot.Add.ScatterLine(xs, rows.Select(r => Math.Min(100, r.BoundRatio * 100)).ToArray(), color);
            bound.LinePattern = LinePattern.Dashed;
            bound.LineWidth = 1;
        }
        var legendBound = plot.Add.ScatterLine(Array.Empty<double>(), Array.Empty<double>(), Colors.Gray);
        legendBound.LinePattern = LinePattern.Dashed;
        legendBound.LegendText = "fluid bound (dashed)";
        plot.Axes.SetLimitsY(0, 102);
        plot.ShowLegend(Alignment.LowerLeft);
        PlotStyle.Save(plot, path, width, height);
    }
}
