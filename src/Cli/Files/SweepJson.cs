using System.Text.Json;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Files;

/// <summary>Reads and writes sweep JSON in the same snake_case spelling as run reports.</summary>
public static class SweepJson
{
    public static string Serialize(SweepFile sweep) => JsonSerializer.Serialize(sweep, RunReportJson.Options);

    public static SweepFile Load(string file)
    {
        if (!File.Exists(file))
        {
            throw new InputException(file, 0, 0, null, "no such sweep file");
        }
        SweepFile? sweep;
        try
        {
            sweep = JsonSerializer.Deserialize<SweepFile>(File.ReadAllText(file), RunReportJson.Options);
        }
        catch (JsonException e)
        {
            throw new InputException(file, (e.LineNumber ?? -1) + 1, (e.BytePositionInLine ?? -1) + 1, null,
                $"not a sweep JSON file: {e.Message}");
        }
        if (sweep is null || sweep.Schema != SweepFile.CurrentSchema || sweep.Points is null || sweep.Vary is null)
        {
            throw new InputException(file, 0, 0, null,
                $"not a sweep file (expected schema {SweepFile.CurrentSchema}, written by `fanoutsim sweep`)");
        }
        return sweep;
    }
}
