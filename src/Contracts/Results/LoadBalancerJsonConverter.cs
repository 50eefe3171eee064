using System.Text.Json;
using System.Text.Json.Serialization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Results;

/// <summary>A run's load balancer as text: round-robin, least-connections, or "none" (one server process).</summary>
public sealed class LoadBalancerJsonConverter : JsonConverter<LoadBalancing?>
{
    public override bool HandleNull => true;

    public override LoadBalancing? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (reader.TokenType == JsonTokenType.Null || text == LoadBalancingText.None)
        {
            return null;
        }
        if (LoadBalancingText.Map.TryParse(text, out LoadBalancing value))
        {
            return value;
        }
        string shown = TextMapJsonConverter<LoadBalancing>.Shown(ref reader, text);
        throw new JsonException($"is {shown}, expected one of {LoadBalancingText.Map.Known}, {LoadBalancingText.None}");
    }

    public override void Write(Utf8JsonWriter writer, LoadBalancing? value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToText());
}
