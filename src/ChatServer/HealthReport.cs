namespace FanoutSim.ChatServer;

/// <summary>The /healthz body: "ok" with HTTP 200, or "degraded" with HTTP 503 and the reason.</summary>
public sealed record HealthReport(
    string Status,
    bool RedisConnected,
    string SubscriptionMode,
    string InstanceId,
    string? Reason,
    double? RoundTripMs);
