using FanoutSim.Cli.Files;
using FanoutSim.Model.Results;
using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// Redis egress at the scale a cloud node's allowance is enforced: Mbit/s in each millisecond around the busiest
/// one (a send tick's burst) against the allowance, and, for a shaped egress, drops and retransmissions over
/// the whole run.
/// </summary>
internal static class EgressPlot
{
    // Shown around the busiest millisecond: a little before it, and most of one send interval after.
    private const int BeforeMs = 100;
    private const int AfterMs = 900;

    /// <summary>Writes SCENARIO-egress.png into <paramref name="directory"/> and returns its path.</summary>
    public static string WriteInto(string scenario, EgressTrace trace, string directory,
        int width = PlotStyle.DefaultWidth, int height = 900)
    {
        string path = Path.Combine(directory, $"{scenario}-egress.png");
        Write(scenario, trace, path, width, height);
        return path;
    }

    public static void Write(string scenario, EgressTrace trace, string path, int width, int height)
    {
        if (trace.BytesPerMs.Count == 0)
        {
            throw new UsageException($"the run of {scenario} sent nothing through Redis: no egress to plot");
        }
        int peak = 0;
        for (int i = 1; i < trace.BytesPerMs.Count; i++)
        {
            if (trace.BytesPerMs[i] > trace.BytesPerMs[peak])
            {
                peak = i;
            }
        }
        int from = Math.Max(0, peak - BeforeMs);
        int to = Math.Min(trace.BytesPerMs.Count - 1, peak + AfterMs);
        double[] ms = Enumerable.Range(from, to - from + 1).Select(i => (double)i).ToArray();
        double[] mbps = ms.Select(i => trace.BytesPerMs[(int)i] * 8 / 1e6 / 0.001).ToArray();

        Plot burst = PlotStyle.Create($"{scenario}: Redis egress in each millisecond around the busiest one",
            "simulated time (ms)", "egress (Mbit/s)");
        Scatter line = burst.Add.ScatterLine(ms, mbps, PlotStyle.ColorOf(0));
        line.LegendText = "egress, 1 ms bins";
        line.LineWidth = 1.5f;
        HorizontalLine allowance = burst.Add.HorizontalLine(trace.AllowanceMbps, 2, PlotStyle.ColorOf(3),
            LinePattern.Dashed);
        allowance.LegendText = $"allowance at this scale ({trace.AllowanceMbps:0.#} Mbit/s)";
        burst.ShowLegend(Alignment.UpperRight);

        var figure = new Multiplot();
        figure.Reset(burst);
        if (trace.DropsPer100Ms is { } drops && trace.RetransmissionsPer100Ms is { } retransmissions)
        {
            Plot losses = PlotStyle.Create("Shaped egress over the run: what the full queue dropped and TCP resent",
                "simulated time (s)", "per second");
            Rate(losses, drops, "packets dropped /s", 3);
            Rate(losses, retransmissions, "retransmissions /s (a lost copy sent again)", 1);
            losses.ShowLegend(Alignment.UpperRight);
            figure.AddPlot(losses);
        }
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000)
        {
            throw new UsageException($"plot size {width}x{height} is outside 100..10000 pixels");
        }
        AtomicFile.WriteAllBytes(path, figure.Render(width, height).GetImageBytes(ImageFormat.Png));
    }

    /// <summary>Counts per 100 ms drawn as rates per second.</summary>
    private static void Rate(Plot plot, IReadOnlyList<double> per100Ms, string label, int color)
    {
        double[] t = Enumerable.Range(0, per100Ms.Count).Select(i => i * 0.1).ToArray();
        Scatter line = plot.Add.ScatterLine(t, per100Ms.Select(v => v * 10).ToArray(), PlotStyle.ColorOf(color));
        line.LegendText = label;
        line.LineWidth = 2;
    }
}
