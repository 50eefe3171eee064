using System.CommandLine;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `--sample DURATION`: how often in simulated time a run's replication 0 is sampled for its time series (rates,
/// utilisations, backlogs); the sampler adds no events, so it changes no result.
/// </summary>
internal static class SampleOption
{
    public static Option<string?> Create(string description, string? defaultValue = null)
    {
        var option = new Option<string?>("--sample") { Description = description };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }
        return option;
    }

    /// <summary>The interval in seconds, or null when the option was not given.</summary>
    public static double? Seconds(string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (!DurationText.TryParse(value, out double seconds) || !(seconds > 0))
        {
            throw new UsageException($"--sample expects a positive duration such as 1s or 500ms, got '{value}'");
        }
        return seconds;
    }
}
