using System.Text.Json;
using FanoutSim.Cli.Commands;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Plotting;

/// <summary>A run file (`fanoutsim load --json`) drawn over time from the timeline it carries.</summary>
internal static class RunFilePlot
{
    /// <summary>True when the JSON declares the run schema (a sweep file does not).</summary>
    public static bool IsRunReport(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using JsonDocument doc = JsonDocument.Parse(stream);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("schema", out JsonElement schema)
                && schema.ValueKind == JsonValueKind.String
                && schema.GetString() == RunReport.CurrentSchema;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Not readable as a run: the sweep reader reports what is wrong with it.
            return false;
        }
    }

    public static string Write(string file, string directory, int width, int height)
    {
        RunReport report;
        try
        {
            report = RunReportJson.Deserialize(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new UsageException($"{file}: not a readable run report: {e.Message.Split(". Path:")[0]}");
        }
        TimeSeries series = report.TimeSeries
            ?? throw new UsageException($"{file}: has no time_series to plot (runs measured before timelines were recorded, or a simulated run: plot its scenario YAML instead)");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(file)}-timeseries.png");
        TimeSeriesPlot.Write(series, path, width, height);
        return path;
    }
}
