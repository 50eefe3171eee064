using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Calibration;
using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// The calibration figures: predicted vs measured ratio (held-out and in-sample marked apart) and ratio vs N.
/// </summary>
public static class CalibrationPlots
{
    public const string PredictedVsMeasuredFile = "calibration-predicted-vs-measured.png";
    public const string RatioVsNFile = "calibration-ratio-vs-n.png";
    private const string FontName = "DejaVu Sans";

    /// <summary>
    /// Writes both PNGs into <paramref name="folder"/>, ratio vs N only when some family was measured at two or more N
    /// (with none it would be an empty picture); returns their paths.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<ValidationRow> report,
        IReadOnlyList<ValidationRow> inSample, IReadOnlyList<CalibrationRun> runs,
        IReadOnlyList<CalibrationCurve> curves, string profileName)
    {
        Directory.CreateDirectory(folder);
        string first = Path.Combine(folder, PredictedVsMeasuredFile);
        Save(PredictedVsMeasured(report, inSample, runs, profileName), first, 800, 720);
        if (curves.Count == 0)
        {
            return [first];
        }
        string second = Path.Combine(folder, RatioVsNFile);
        Save(RatioVsN(curves, profileName), second, 1200, 800);
        return [first, second];
    }

    /// <param name="inSample">the final fit's rows; empty for a profile's predictions without a fit (predict-only),
    /// whose rows are then all <paramref name="report"/>'s, drawn as the profile's predictions</param>
    public static Plot PredictedVsMeasured(IReadOnlyList<ValidationRow> report, IReadOnlyList<ValidationRow> inSample,
        IReadOnlyList<CalibrationRun> runs, string profileName)
    {
        bool fitted = inSample.Count > 0;
        var plot = new Plot();
        plot.Font.Set(FontName);
        LinePlot diagonal = plot.Add.Line(0, 0, 100, 100);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect prediction";
        foreach (int band in new[] { -8, 8 })
        {
            LinePlot edge = plot.Add.Line(0, band, 100, 100 + band);
            edge.LineColor = Colors.LightGray;
            edge.LinePattern = LinePattern.Dotted;
            edge.LegendText = band > 0 ? "+-8 pp" : "";
        }
        if (fitted)
        {
            Scatter train = plot.Add.ScatterPoints(inSample.Select(r => r.MeasuredRatio * 100).ToArray(),
                inSample.Select(r => r.PredictedRatio * 100).ToArray());
            train.MarkerShape = MarkerShape.OpenCircle;
            train.MarkerSize = 11;
            train.Color = Colors.SteelBlue;
            train.LegendText = "train (final fit on all runs, in-sample)";
        }
        List<ValidationRow> held = fitted ? report.Where(r => r.HeldOut).ToList() : report.ToList();
        bool labelled = false;
        var byName = runs.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (ValidationRow r in (held.Count > 0 ? held : inSample).Where(r => byName[r.Case].RepeatCount > 1))
        {
            // The spread of a repeated setup's own measurements: how close any prediction could be expected to come.
            (double min, double max) = byName[r.Case].RatioRange;
            LinePlot range = plot.Add.Line(min * 100, r.PredictedRatio * 100, max * 100, r.PredictedRatio * 100);
            range.LineColor = Colors.DarkGray;
            range.LineWidth = 2;
            range.LegendText = labelled ? "" : "range of a setup's repeated measurements";
            labelled = true;
        }
        if (held.Count > 0)
        {
            Scatter test = plot.Add.ScatterPoints(held.Select(r => r.MeasuredRatio * 100).ToArray(),
                held.Select(r => r.PredictedRatio * 100).ToArray());
            test.MarkerShape = MarkerShape.FilledDiamond;
            test.MarkerSize = 9;
            test.Color = Colors.OrangeRed;
            test.LegendText = fitted
                ? "test (held out: predicted by a fit that did not see the run)"
                : $"predicted by profile {profileName} (no fit)";
        }
        plot.Axes.SetLimits(0, 102, 0, 102);
        plot.Title($"Delivery ratio: predicted vs measured ({profileName})");
        plot.XLabel("measured delivery ratio (%)");
        plot.YLabel("predicted delivery ratio (%)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot RatioVsN(IReadOnlyList<CalibrationCurve> curves, string profileName)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        double maxN = 10;
        foreach (CalibrationCurve c in curves)
        {
            Color color = palette.GetColor(i++);
            Scatter line = plot.Add.Scatter(c.Simulated.Select(p => (double)p.Users).ToArray(),
                c.Simulated.Select(p => p.Ratio * 100).ToArray());
            line.Color = color;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = "simulated: " + c.Label;
            Scatter points = plot.Add.ScatterPoints(c.Measured.Select(r => (double)r.Setup.Users).ToArray(),
                c.Measured.Select(r => r.Observed.DeliveryRatio * 100).ToArray());
            points.Color = color;
            points.MarkerShape = MarkerShape.FilledCircle;
            points.MarkerSize = 9;
            // Same colour as its curve; one legend entry per family keeps the legend readable.
            points.LegendText = "";
            maxN = Math.Max(maxN, c.Simulated.Max(p => p.Users));
        }
        plot.Axes.SetLimits(0, maxN * 1.05, 0, 105);
        plot.Title($"Delivery ratio vs N: measured runs (dots) over the simulated curves (lines), profile " +
            $"{profileName}");
        plot.XLabel("users in the room (N)");
        plot.YLabel("delivery ratio (%)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static void Save(Plot plot, string path, int width, int height)
    {
        // Render beside the target and move it in, so a reader never sees half a PNG.
        string temp = Path.GetFullPath(path) + ".tmp-" + Environment.ProcessId + ".png";
        try
        {
            plot.SavePng(temp, width, height);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
