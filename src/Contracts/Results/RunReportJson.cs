using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// The one JSON spelling of <see cref="RunReport"/> (snake_case), used for writing and reading run files.
/// </summary>
public static class RunReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static string Serialize(RunReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>
    /// Parses a run file, completing an old file's setup (<see cref="LegacyRunSetup"/>); throws
    /// <see cref="JsonException"/> with the position when it is not one.
    /// </summary>
    public static RunReport Deserialize(string json)
    {
        RunReport report = JsonSerializer.Deserialize<RunReport>(json, Options)
            ?? throw new JsonException("the file holds null, not a run report");
        using var doc = JsonDocument.Parse(json);
        return LegacyRunSetup.Complete(report, doc.RootElement);
    }
}
