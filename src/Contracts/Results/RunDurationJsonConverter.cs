using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// `session` and `reconnect` as a scenario writes them: a JSON number of seconds for a fixed length, an object of the
/// law's keys otherwise.
/// </summary>
public sealed class RunDurationJsonConverter : JsonConverter<RunDuration>
{
    public override RunDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            double seconds = reader.GetDouble();
            return seconds >= 0 && double.IsFinite(seconds)
                ? RunDuration.Fixed(seconds)
                : throw new JsonException($"a session or reconnect length is {seconds}; expected seconds, 0 or more");
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"a session or reconnect length is {reader.TokenType.ToString().ToLowerInvariant()}"
                + "; expected seconds or a law such as {\"distribution\": \"exponential\", \"mean\": 60}");
        }
        Law law = JsonSerializer.Deserialize<Law>(ref reader, options)
            ?? throw new JsonException("a session or reconnect law is null");
        return law.Distribution is null
            ? throw new JsonException("a session or reconnect law has no distribution; expected exponential, "
                + "lognormal or uniform")
            : new RunDuration(null, law.Distribution, law.Mean, law.Median, law.Sigma, law.Min, law.Max);
    }

    public override void Write(Utf8JsonWriter writer, RunDuration value, JsonSerializerOptions options)
    {
        if (value.Distribution is null)
        {
            writer.WriteNumberValue(value.Seconds ?? 0);
            return;
        }
        JsonSerializer.Serialize(writer,
            new Law(value.Distribution, value.Mean, value.Median, value.Sigma, value.Min, value.Max), options);
    }

    /// <summary>The law's keys, in the order a scenario writes them; a key the law does not take is left out.</summary>
    private sealed record Law(
        string? Distribution,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Mean,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Median,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sigma,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max);
}
