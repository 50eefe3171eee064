using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// A room class's message size as a run file records it, spelt as a scenario's `message_bytes`: a number of bytes
/// (every message that long), or a law each message's size is drawn from (`distribution` uniform with min and max,
/// or lognormal with median, sigma, min and max).
/// </summary>
/// <param name="Bytes">every message's size; null with a law</param>
/// <param name="Distribution">the law's name ("uniform", "lognormal"); null for a fixed size</param>
[JsonConverter(typeof(RunMessageSizeJsonConverter))]
public sealed record RunMessageSize(
    int? Bytes = null,
    string? Distribution = null,
    int? Min = null,
    int? Max = null,
    double? Median = null,
    double? Sigma = null)
{
    /// <summary>Every message <paramref name="bytes"/> long.</summary>
    public static RunMessageSize Fixed(int bytes) => new(Bytes: bytes);
}
