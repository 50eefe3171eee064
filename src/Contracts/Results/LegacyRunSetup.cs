using System.Globalization;
using System.Text.Json;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Results;

/// <summary>
/// The legacy path, in one place: run files written before the setup recorded ramp_seconds, task_memory_gb and
/// redis_link get them as they were read then: the ramp from environment.ramp_seconds (0 without it), 2 GB, and
/// the link from the recorded names ("local" is unshaped, or shaped by redis_egress_mbps; "shaped-..." is a plain
/// link; any other name is a catalog node).
/// </summary>
public static class LegacyRunSetup
{
    public static RunReport Complete(RunReport report, JsonElement root)
    {
        if (report.Setup is not { } setup || !root.TryGetProperty("setup", out JsonElement recorded)
            || recorded.ValueKind != JsonValueKind.Object)
        {
            return report;
        }
        if (!recorded.TryGetProperty("ramp_seconds", out _))
        {
            setup = setup with { RampSeconds = Ramp(report.Environment) };
        }
        if (!recorded.TryGetProperty("task_memory_gb", out _))
        {
            setup = setup with { TaskMemoryGb = RunSetup.DefaultTaskMemoryGb };
        }
        if (!recorded.TryGetProperty("redis_link", out _))
        {
            setup = setup with { RedisLink = Link(setup) };
        }
        return report with { Setup = setup };
    }

    public static RedisLink Link(RunSetup setup) => setup.RedisNode switch
    {
        null or "local" => setup.RedisEgressMbps is null ? RedisLink.Unshaped : RedisLink.Shaped,
        string name when name.StartsWith("shaped-", StringComparison.Ordinal) => RedisLink.Shaped,
        _ => RedisLink.CatalogNode,
    };

    private static double Ramp(IReadOnlyDictionary<string, string>? environment)
    {
        if (environment is null || !environment.TryGetValue("ramp_seconds", out string? text))
        {
            return 0;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double ramp) && ramp >= 0
            ? ramp
            : throw new JsonException($"environment.ramp_seconds is '{text}', expected seconds, zero or more");
    }
}
