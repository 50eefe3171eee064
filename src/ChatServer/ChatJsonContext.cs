using System.Text.Json.Serialization;

namespace FanoutSim.ChatServer;

/// <summary>Source-generated, snake_case JSON for the HTTP endpoints (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MetricsSnapshot))]
[JsonSerializable(typeof(HealthReport))]
public sealed partial class ChatJsonContext : JsonSerializerContext
{
}
