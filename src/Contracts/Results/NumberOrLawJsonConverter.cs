using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// A value a scenario writes as a JSON number when it is fixed and as an object of its law's keys when it is drawn
/// (`session`, `reconnect`, `message_bytes`): reading, writing and the errors are the same for all of them; each
/// says only what its number means and how its law maps to its record.
/// </summary>
public abstract class NumberOrLawJsonConverter<T> : JsonConverter<T>
{
    /// <summary>What the value is, as an error names it ("message_bytes").</summary>
    protected abstract string What { get; }

    /// <summary>The number's meaning, as an error expects it ("a number of bytes").</summary>
    protected abstract string NumberExpected { get; }

    /// <summary>A law this value takes, as an error suggests it.</summary>
    protected abstract string LawExample { get; }

    /// <summary>The distributions this value takes, as an error lists them.</summary>
    protected abstract string Distributions { get; }

    /// <summary>The fixed value a JSON number stands for; throws a <see cref="JsonException"/> when out of range.
    /// </summary>
    protected abstract T FromNumber(ref Utf8JsonReader reader);

    protected abstract T FromLaw(RunLaw law);

    /// <summary>The law of a drawn value, or null for a fixed one (written as <see cref="NumberOf"/>).</summary>
    protected abstract RunLaw? LawOf(T value);

    protected abstract double NumberOf(T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return FromNumber(ref reader);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{What} is {reader.TokenType.ToString().ToLowerInvariant()}; expected "
                + $"{NumberExpected} or a law such as {LawExample}");
        }
        RunLaw law = JsonSerializer.Deserialize<RunLaw>(ref reader, options)
            ?? throw new JsonException($"{What} is null");
        return law.Distribution is null
            ? throw new JsonException($"{What} has no distribution; expected {Distributions}")
            : FromLaw(law);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (LawOf(value) is { } law)
        {
            JsonSerializer.Serialize(writer, law, options);
            return;
        }
        writer.WriteNumberValue(NumberOf(value));
    }
}

/// <summary>A law's keys, in the order a scenario writes them; a key the law does not take is left out.</summary>
public sealed record RunLaw(
    string? Distribution,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Mean = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Median = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sigma = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null);
