using System.Text.Json;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// A run file (`fanoutsim run --json` or `fanoutsim load --json`): its utilisation per Redis shard and task, and, when
/// it carries a timeline, the run over time.
/// </summary>
internal static class RunFilePlot
{
    /// <summary>
    /// Draws the run's utilisation and timeline and returns the PNGs' paths, or null when the JSON is not a run report
    /// (a sweep file declares no run schema; an unreadable file is left for the sweep reader to report). The file is
    /// read once.
    /// </summary>
    public static List<string>? TryWrite(string file, string directory, int width, int? height)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
        RunReport report;
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("schema", out JsonElement schema)
                || schema.ValueKind != JsonValueKind.String
                || schema.GetString() != RunReport.CurrentSchema)
            {
                return null;
            }
            try
            {
                report = doc.RootElement.Deserialize<RunReport>(RunReportJson.Options)
                    ?? throw new JsonException("the file holds null, not a run report");
            }
            catch (JsonException e)
            {
                throw new UsageException($"{file}: not a readable run report: {e.Message.Split(". Path:")[0]}");
            }
        }
        UtilisationChart? utilisation = UtilisationBars.From(report);
        if (report.TimeSeries is null && utilisation is null)
        {
            throw new UsageException($"{file}: has no time_series to plot (runs measured before timelines were " +
                $"recorded, or a simulated run: plot its scenario YAML instead)");
        }
        Directory.CreateDirectory(directory);
        string stem = Path.GetFileNameWithoutExtension(file);
        var written = new List<string>();
        if (utilisation is not null)
        {
            string bars = Path.Combine(directory, $"{stem}-utilisation.png");
            UtilisationPlot.Write(stem, utilisation, bars, width, height ?? PlotStyle.DefaultHeight);
            written.Add(bars);
        }
        if (report.TimeSeries is { } series)
        {
            string path = Path.Combine(directory, $"{stem}-timeseries.png");
            TimeSeriesPlot.Write(series, path, width, height ?? 900);
            written.Add(path);
        }
        return written;
    }
}
