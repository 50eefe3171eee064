using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FanoutSim.ChatServer;

/// <summary>/healthz: healthy only while the delivery canary gets through and nothing blocks delivery.</summary>
public sealed class DeliveryHealthCheck : IHealthCheck
{
    private readonly RedisBus _bus;

    public DeliveryHealthCheck(RedisBus bus)
    {
        _bus = bus;
    }

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string? reason = _bus.IsConnected ? _bus.DeliveryBlockedReason : "redis disconnected";
        return Task.FromResult(reason is null
            ? HealthCheckResult.Healthy("delivering")
            : HealthCheckResult.Unhealthy(reason));
    }
}
