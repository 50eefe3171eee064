namespace FanoutSim.Model.Results;

/// <summary>The deployment and workload a run was made against; enough to rebuild its scenario.</summary>
public sealed record RunSetup(
    string Name,
    int Users,
    double IntervalSeconds,
    double SessionSeconds,
    int Sessions,
    int Tasks,
    string Subscription,
    string LoadBalancer,
    double TaskVcpu,
    double? RedisEgressMbps,
    string? RedisNode,
    string? Profile,
    ulong Seed);
