using FanoutSim.Cli.Files;
using ScottPlot;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// Delivery ratio against room size N: one curve per other varied setting (usually the task count), with 95 % CI bands
/// and the fluid bound dashed.
/// </summary>
internal static class RatioVsUsersPlot
{
    public static void Write(SweepFile sweep, string path, int width = PlotStyle.DefaultWidth,
        int height = PlotStyle.DefaultHeight)
    {
        Plot plot = PlotStyle.Create($"{sweep.Scenario}: delivery ratio vs room size ({sweep.Replications} " +
            $"replications, 95 % CI)", "users in the room, N", "delivery ratio (%)");
        int i = 0;
        foreach ((string? label, List<Sweeps.SweepRow>? rows) in SweepSeries.By(sweep, "users", r => r.Users))
        {
            Color color = PlotStyle.ColorOf(i++);
            PlotStyle.AddCurveWithBandAndBound(plot,
                rows.Select(r => (double)r.Users).ToArray(),
                rows.Select(r => r.DeliveryRatio * 100).ToArray(),
                rows.Select(r => r.DeliveryRatioHalfWidth * 100).ToArray(),
                rows.Select(r => Math.Min(100, r.BoundRatio * 100)).ToArray(),
                color, label, markerSize: 5);
        }
        PlotStyle.AddBoundLegend(plot, sweep);
        plot.Axes.SetLimitsY(0, 102);
        plot.ShowLegend(Alignment.LowerLeft);
        PlotStyle.Save(plot, path, width, height);
    }
}
