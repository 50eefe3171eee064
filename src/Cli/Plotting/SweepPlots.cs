using FanoutSim.Cli.Files;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// Picks the charts a sweep can support from what it varied (and, for rooms, each class's ratio), and writes them
/// into a folder.
/// </summary>
internal static class SweepPlots
{
    public static List<string> Write(SweepFile sweep, string directory, int width = PlotStyle.DefaultWidth,
        int height = PlotStyle.DefaultHeight)
    {
        var varied = sweep.Vary.Where(a => a.Values.Count > 1).Select(a => a.Key).ToHashSet();
        var written = new List<string>();
        string Path(string kind) => System.IO.Path.Combine(directory, $"{sweep.Scenario}-{kind}.png");
        if (varied.Contains("users"))
        {
            RatioVsUsersPlot.Write(sweep, Path("ratio-vs-users"), width, height);
            written.Add(Path("ratio-vs-users"));
        }
        if (varied.Contains("tasks"))
        {
            ThroughputVsTasksPlot.Write(sweep, Path("delivered-vs-tasks"), width, height);
            written.Add(Path("delivered-vs-tasks"));
        }
        if (varied.Contains("users") && varied.Contains("tasks"))
        {
            RatioHeatmapPlot.Write(sweep, Path("ratio-heatmap"), width, height);
            written.Add(Path("ratio-heatmap"));
        }
        // A rooms scenario's classes, against the same x a capacity planner reads: users, else tasks, else the key.
        if (RoomClassSeries.From(sweep) is { } classes)
        {
            SweepLinesPlot.Write($"{sweep.Scenario}: delivery ratio per room class vs {classes.XKey} " +
                $"({sweep.Replications} replications)", "delivery ratio (%)", classes, Path("ratio-by-room-class"),
                width, height);
            written.Add(Path("ratio-by-room-class"));
        }
        // Rooms or shards: how close each point's busiest task and busiest Redis shard are to full.
        if (BusiestSeries.From(sweep) is { } busiest)
        {
            SweepLinesPlot.Write($"{sweep.Scenario}: busiest resources vs {busiest.XKey}",
                "utilisation over the run (%)", busiest, Path("busiest-utilisation"), width, height, full: 100,
                legend: ScottPlot.Alignment.UpperRight);
            written.Add(Path("busiest-utilisation"));
        }
        if (written.Count == 0)
        {
            throw new UsageException($"sweep of {sweep.Scenario} varies neither users nor tasks over two or more " +
                $"values: nothing to plot");
        }
        return written;
    }
}
