using FanoutSim.Cli.Files;
using FanoutSim.Model.Results;
using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// One run over time: deliveries per second, CPU and egress utilisation, and forwarding backlogs, on a shared time
/// axis.
/// </summary>
internal static class TimeSeriesPlot
{
    /// <summary>Beyond this many tasks, per-task curves become a blur: show the busiest and the mean instead.</summary>
    private const int MaxTaskCurves = 6;

    /// <summary>Writes SCENARIO-timeseries.png into <paramref name="directory"/> and returns its path.</summary>
    public static string WriteInto(TimeSeries series, string directory, int width = PlotStyle.DefaultWidth,
        int height = 900)
    {
        string path = Path.Combine(directory, $"{series.Scenario}-timeseries.png");
        Write(series, path, width, height);
        return path;
    }

    public static void Write(TimeSeries series, string path, int width = PlotStyle.DefaultWidth, int height = 900)
    {
        if (series.Samples.Count == 0)
        {
            throw new UsageException($"the run of {series.Scenario} ended before the first sample: nothing to plot");
        }
        double[] t = series.Samples.Select(s => s.Time).ToArray();
        int tasks = series.Samples[0].TaskCpu.Count;
        // A measured run knows its rates and its servers' CPU, not their backlogs or Redis' egress second by second.
        bool measured = series.Source == RunReport.MeasuredSource;

        Plot rates = PlotStyle.Create($"{series.Scenario}: one {(measured ? "measured" : "simulated")} run over time " +
            $"(sampled every {series.IntervalSeconds:0.###} s)", "", "messages per second");
        Line(rates, t, series.Samples.Select(s => s.DeliveredPerSecond), "delivered/s (ws_msgs_received)", 0);
        Line(rates, t, series.Samples.Select(s => s.SentPerSecond), "sent/s (ws_msgs_sent)", 1);
        rates.ShowLegend(Alignment.UpperRight);

        Plot usage = PlotStyle.Create("", "", "utilisation (%)");
        foreach ((string? label, IEnumerable<double>? values, int color) in
            TaskCurves(series, tasks, s => s.TaskCpu, "cpu"))
        {
            Line(usage, t, values.Select(v => v * 100), label, color);
        }
        if (!measured)
        {
            Line(usage, t, series.Samples.Select(s => s.RedisEgress * 100), "redis egress", 6);
        }
        usage.Axes.SetLimitsY(0, 105);
        usage.ShowLegend(Alignment.LowerRight);

        Plot last;
        if (measured)
        {
            last = PlotStyle.Create("", "time since the first dial (s)", "open sessions");
            Line(last, t, series.Samples.Select(s => (double)s.OpenConnections), "open sessions (client side)", 2);
        }
        else
        {
            last = PlotStyle.Create("", "simulated time (s)", "forwarding backlog (messages)");
            foreach ((string? label, IEnumerable<double>? values, int color) in TaskCurves(series, tasks,
                s => s.TaskBacklog.Select(b => (double)b).ToList(), "backlog"))
            {
                Line(last, t, values, label, color);
            }
        }
        last.ShowLegend(Alignment.UpperRight);

        var figure = new Multiplot();
        // A new multiplot starts with one empty plot: replace it rather than add below it.
        figure.Reset(rates);
        figure.AddPlot(usage);
        figure.AddPlot(last);
        figure.SharedAxes.ShareX([rates, usage, last]);
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000)
        {
            throw new UsageException($"plot size {width}x{height} is outside 100..10000 pixels");
        }
        AtomicFile.WriteAllBytes(path, figure.Render(width, height).GetImageBytes(ImageFormat.Png));
    }

    private static IEnumerable<(string Label, IEnumerable<double> Values, int Color)> TaskCurves(TimeSeries series,
        int tasks, Func<TimeSample, IReadOnlyList<double>> pick, string what)
    {
        if (tasks <= MaxTaskCurves)
        {
            for (int i = 0; i < tasks; i++)
            {
                int task = i;
                yield return ($"task-{task} {what}", series.Samples.Select(s => pick(s)[task]), task);
            }
            yield break;
        }
        yield return ($"busiest task {what}", series.Samples.Select(s => pick(s).Max()), 0);
        yield return ($"mean task {what}", series.Samples.Select(s => pick(s).Average()), 1);
    }

    private static void Line(Plot plot, double[] t, IEnumerable<double> values, string label, int color)
    {
        Scatter line = plot.Add.ScatterLine(t, values.ToArray(), PlotStyle.ColorOf(color));
        line.LegendText = label;
        line.LineWidth = 2;
    }
}
