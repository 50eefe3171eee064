using FanoutSim.Cli.Files;
using ScottPlot;
using ScottPlot.Plottables;

namespace FanoutSim.Cli.Plotting;

/// <summary>Shared look of every chart and the one way they are written (atomically, as PNG).</summary>
internal static class PlotStyle
{
    public const int DefaultWidth = 1000;
    public const int DefaultHeight = 600;

    /// <summary>Colour-blind-safe (Okabe-Ito) so curves stay distinguishable in print and for everyone.</summary>
    private static readonly Color[] s_palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];

    public static Color ColorOf(int series) => s_palette[series % s_palette.Length];

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        // ScottPlot picks a serif fallback on this system; a sans face reads better at chart sizes.
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, 18);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        return plot;
    }

    public static void Save(Plot plot, string path, int width, int height)
    {
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000)
        {
            throw new UsageException($"plot size {width}x{height} is outside 100..10000 pixels");
        }
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }

    /// <summary>
    /// A measured curve with its 95 % band (drawn only when some half-width is non-zero) and the
    /// fluid bound as a thin dashed line of the same colour.
    /// </summary>
    public static void AddCurveWithBandAndBound(Plot plot, double[] xs, double[] ys, double[] halfWidths,
        double[] bound, Color color, string label, float markerSize)
    {
        if (halfWidths.Any(h => h > 0))
        {
            FillY band = plot.Add.FillY(xs, ys.Select((y, k) => y - halfWidths[k]).ToArray(),
                ys.Select((y, k) => y + halfWidths[k]).ToArray());
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
        }
        Scatter curve = plot.Add.Scatter(xs, ys, color);
        curve.LegendText = label;
        curve.LineWidth = 2;
        curve.MarkerSize = markerSize;
        // Several rooms have no fluid bound (NaN): draw none rather than a broken line.
        if (bound.Any(double.IsNaN))
        {
            return;
        }
        Scatter dashed = plot.Add.ScatterLine(xs, bound, color);
        dashed.LinePattern = LinePattern.Dashed;
        dashed.LineWidth = 1;
    }

    /// <summary>One legend entry explaining every dashed bound line, when the sweep has any.</summary>
    public static void AddBoundLegend(Plot plot, SweepFile sweep)
    {
        if (sweep.Points.All(r => double.IsNaN(r.BoundRatio)))
        {
            return;
        }
        Scatter legendBound = plot.Add.ScatterLine(Array.Empty<double>(), Array.Empty<double>(), Colors.Gray);
        legendBound.LinePattern = LinePattern.Dashed;
        legendBound.LegendText = "fluid bound (dashed)";
    }
}
