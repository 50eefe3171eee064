using System.Text.Json;
using System.Text.Json.Serialization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Results;

/// <summary>An enum as its <see cref="TextMap{T}"/> text, so run files spell it as scenarios do.</summary>
public class TextMapJsonConverter<T>(TextMap<T> map) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return map.TryParse(text, out T value)
            ? value
            : throw new JsonException($"is {Shown(ref reader, text)}, expected one of {map.Known}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(map.Text(value));

    internal static string Shown(ref Utf8JsonReader reader, string? text) =>
        text is not null ? $"'{text}'" : reader.TokenType.ToString().ToLowerInvariant();
}
