using System.Text.Json;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Plotting;

/// <summary>A run file (`fanoutsim load --json`) drawn over time from the timeline it carries.</summary>
internal static class RunFilePlot
{
    /// <summary>
    /// Draws the run's timeline and returns the PNG's path, or null when the JSON is not a run report (a sweep file
    /// declares no run schema; an unreadable file is left for the sweep reader to report). The file is read once.
    /// </summary>
    public static string? TryWrite(string file, string directory, int width, int height)
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
        TimeSeries series = report.TimeSeries
            ?? throw new UsageException($"{file}: has no time_series to plot (runs measured before timelines were " +
                $"recorded, or a simulated run: plot its scenario YAML instead)");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(file)}-timeseries.png");
        TimeSeriesPlot.Write(series, path, width, height);
        return path;
    }
}
