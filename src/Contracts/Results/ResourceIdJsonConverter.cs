using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>Writes a <see cref="ResourceId"/> as the name reports have always carried, and reads it back.</summary>
public sealed class ResourceIdJsonConverter : JsonConverter<ResourceId>
{
    public override ResourceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        return ResourceId.TryParse(text, out ResourceId id)
            ? id
            : throw new JsonException($"unknown resource name '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, ResourceId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
