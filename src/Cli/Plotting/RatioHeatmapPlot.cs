using System.Globalization;
using FanoutSim.Cli.Files;
using ScottPlot;
using ScottPlot.Panels;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// Delivery ratio over (N, tasks) as coloured cells: where the room still works and where it does not.
/// </summary>
internal static class RatioHeatmapPlot
{
    public static void Write(SweepFile sweep, string path, int width = PlotStyle.DefaultWidth,
        int height = PlotStyle.DefaultHeight)
    {
        int[] users = sweep.Points.Select(r => r.Users).Distinct().Order().ToArray();
        int[] tasks = sweep.Points.Select(r => r.Tasks).Distinct().Order().ToArray();
        // Rows are tasks (bottom to top), columns are N; a cell averages any other varied key.
        double[,] cells = new double[tasks.Length, users.Length];
        for (int t = 0; t < tasks.Length; t++)
        {
            for (int u = 0; u < users.Length; u++)
            {
                var at = sweep.Points.Where(r => r.Tasks == tasks[t] && r.Users == users[u]).ToList();
                cells[tasks.Length - 1 - t, u] = at.Count == 0 ? double.NaN : at.Average(r => r.DeliveryRatio) * 100;
            }
        }
        Plot plot = PlotStyle.Create($"{sweep.Scenario}: delivery ratio over room size and task count",
            "users in the room, N", "server tasks");
        Heatmap map = plot.Add.Heatmap(cells);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.ManualRange = new ScottPlot.Range(0, 100);
        map.Extent = new CoordinateRect(-0.5, users.Length - 0.5, -0.5, tasks.Length - 0.5);
        ColorBar bar = plot.Add.ColorBar(map);
        bar.Label = "delivery ratio (%)";
        bar.LabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Ticks(users.Length, 14), Labels(users, 14));
        plot.Axes.Left.SetTicks(Ticks(tasks.Length, 20), Labels(tasks, 20));
        if (users.Length * tasks.Length <= 160)
        {
            for (int t = 0; t < tasks.Length; t++)
            {
                for (int u = 0; u < users.Length; u++)
                {
                    double v = cells[tasks.Length - 1 - t, u];
                    if (double.IsNaN(v))
                    {
                        continue;
                    }
                    Text label = plot.Add.Text(v.ToString("0", CultureInfo.InvariantCulture), u, t);
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontSize = 11;
                    label.LabelFontColor = v > 60 ? Colors.Black : Colors.White;
                }
            }
        }
        plot.Axes.SetLimits(-0.5, users.Length - 0.5, -0.5, tasks.Length - 0.5);
        PlotStyle.Save(plot, path, width, height);
    }

    /// <summary>At most about <paramref name="most"/> ticks, evenly spaced over the cells.</summary>
    private static double[] Ticks(int count, int most)
    {
        int step = Math.Max(1, (int)Math.Ceiling(count / (double)most));
        return Enumerable.Range(0, count).Where(i => i % step == 0).Select(i => (double)i).ToArray();
    }

    private static string[] Labels(int[] values, int most)
    {
        int step = Math.Max(1, (int)Math.Ceiling(values.Length / (double)most));
        return values.Where((_, i) => i % step == 0).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
