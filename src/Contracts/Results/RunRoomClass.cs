using System.Text.Json.Serialization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Results;

/// <summary>
/// A class of rooms as a run records it: <paramref name="Count"/> rooms of <paramref name="Size"/> members each. A
/// scenario's size distribution is recorded as the sizes it made, so a run file always names every room. How the
/// class's users send is recorded as a scenario's class says it: each value left null is the run's top level
/// (RunSetup's interval_seconds, sends, send_jitter_seconds), so files written before classes had traffic of their
/// own read as they always did.
/// </summary>
/// <param name="Members">"shared" when the rooms hold users of the classes before it; null = users of its own</param>
public sealed record RunRoomClass(int Count, int Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Members = null)
{
    /// <summary>The class's own mean time between two sends of one user; null = the run's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? IntervalSeconds { get; init; }

    /// <summary>The class's own send process (ticks or poisson); null = the run's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SendProcessJsonConverter))]
    public SendProcess? Sends { get; init; }

    /// <summary>The class's own send jitter (each tick's send up to this much late); null = the run's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SendJitterSeconds { get; init; }

    /// <summary>The class's message size, as the server publishes a message; null = the size the profile's copies
    /// were measured at (what the load generator sends unpadded).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunMessageSize? MessageBytes { get; init; }

    /// <summary>The class's own session length or law (a scenario class's `session`); null = the run's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunDuration? Session { get; init; }

    /// <summary>The class's own reconnect gap (a scenario class's `reconnect`); null = the run's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunDuration? Reconnect { get; init; }

    /// <summary>Whether the class sends as the run's top level does, with unpadded messages (as every class of a
    /// file written before classes had traffic of their own).</summary>
    [JsonIgnore]
    public bool SendsAsTheRun => IntervalSeconds is null && Sends is null && SendJitterSeconds is null
        && MessageBytes is null;
}
