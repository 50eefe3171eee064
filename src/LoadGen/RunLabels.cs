namespace FanoutSim.LoadGen;

/// <summary>
/// What the load generator cannot see but the calibration needs recorded: the deployment it was
/// pointed at (subscription mode, task count, CPU quota, Redis bandwidth limit) and free-form facts.
/// </summary>
public sealed record RunLabels(
    string Name,
    string Subscription,
    int Tasks,
    double TaskVcpu,
    double? RedisEgressMbps,
    IReadOnlyDictionary<string, string> Extra)
{
    public const string PerConnection = "per-connection";
    public const string PerTask = "per-task";
}
