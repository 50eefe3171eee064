using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// `message_bytes` as a scenario writes it: a JSON number for a fixed size, an object of the law's keys otherwise.
/// </summary>
public sealed class RunMessageSizeJsonConverter : JsonConverter<RunMessageSize>
{
    public override RunMessageSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out int bytes) && bytes >= 1
                ? RunMessageSize.Fixed(bytes)
                : throw new JsonException("message_bytes is not a whole number of bytes >= 1");
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"message_bytes is {reader.TokenType.ToString().ToLowerInvariant()}; expected a "
                + "number of bytes or a law such as {\"distribution\": \"uniform\", \"min\": 200, \"max\": 800}");
        }
        Law law = JsonSerializer.Deserialize<Law>(ref reader, options)
            ?? throw new JsonException("message_bytes is null");
        return law.Distribution is null
            ? throw new JsonException("message_bytes has no distribution; expected uniform or lognormal")
            : new RunMessageSize(null, law.Distribution, law.Min, law.Max, law.Median, law.Sigma);
    }

    public override void Write(Utf8JsonWriter writer, RunMessageSize value, JsonSerializerOptions options)
    {
        if (value.Distribution is null)
        {
            writer.WriteNumberValue(value.Bytes ?? 0);
            return;
        }
        JsonSerializer.Serialize(writer, new Law(value.Distribution, value.Median, value.Sigma, value.Min, value.Max),
            options);
    }

    /// <summary>The law's keys, in the order a scenario writes them; a key the law does not take is left out.</summary>
    private sealed record Law(
        string? Distribution,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Median,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sigma,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Min,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Max);
}
