namespace FanoutSim.Cli.Sweeps;

/// <summary>One sweep point's result as plain numbers: what the CSV holds and the plots draw.</summary>
/// <param name="Index">position in the full (unsharded) grid</param>
/// <param name="Values">the varied keys and their values at this point</param>
/// <param name="DeliveryRatioHalfWidth">95 % confidence half-width over replications (0 with one replication)</param>
/// <param name="MaxTaskCpu">utilisation of the busiest task</param>
/// <param name="BoundRatio">the fluid model's upper bound on the ratio; NaN (as the other bound values, and an
/// empty bottleneck) for several rooms, which the fluid bound does not know</param>
public sealed record SweepRow(
    int Index,
    IReadOnlyDictionary<string, string> Values,
    int Users,
    double IntervalSeconds,
    int Tasks,
    double TaskVcpu,
    string Subscription,
    string RedisNode,
    int Replications,
    double DeliveryRatio,
    double DeliveryRatioHalfWidth,
    double DeliveredPerSecond,
    double DeliveredPerSecondHalfWidth,
    double SentPerSecond,
    double SessionAvgSeconds,
    double MaxTaskCpu,
    double RedisCpu,
    double RedisEgress,
    string Bottleneck,
    double BoundRatio,
    double BoundDeliveredPerSecond,
    string BoundBottleneck,
    IReadOnlyList<double> ReplicationRatios)
{
    /// <summary>Share of copies a shaped Redis egress dropped; null for a fluid egress (and in older files).</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? RedisDropShare { get; init; }

    /// <summary>Each room class's delivery and latency, in the scenario's order; null for one room.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Model.Results.RoomClassMetrics>? RoomClasses { get; init; }
}
