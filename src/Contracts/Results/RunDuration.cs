using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// A session length or reconnect gap as a run file records it, spelt as a scenario's `session` and `reconnect`: a
/// number of seconds (every one that long), or a law each one is drawn from (`distribution` exponential with mean,
/// lognormal with median and sigma, or uniform with min and max, in seconds).
/// </summary>
/// <param name="Seconds">every one's length; null with a law</param>
/// <param name="Distribution">the law's name ("exponential", "lognormal", "uniform"); null for a fixed length</param>
[JsonConverter(typeof(RunDurationJsonConverter))]
public sealed record RunDuration(
    double? Seconds = null,
    string? Distribution = null,
    double? Mean = null,
    double? Median = null,
    double? Sigma = null,
    double? Min = null,
    double? Max = null)
{
    /// <summary>Every one <paramref name="seconds"/> long.</summary>
    public static RunDuration Fixed(double seconds) => new(Seconds: seconds);
}
