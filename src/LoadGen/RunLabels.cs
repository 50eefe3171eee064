using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>
/// What the load generator cannot see but the calibration needs recorded: the deployment it was
/// pointed at (subscription mode, task count, CPU quota and memory, Redis bandwidth limit) and free-form facts.
/// </summary>
public sealed record RunLabels(
    string Name,
    SubscriptionMode Subscription,
    int Tasks,
    double TaskVcpu,
    double? RedisEgressMbps,
    IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>Memory of each server process; local runs leave it at the scenario default.</summary>
    public double TaskMemoryGb { get; init; } = Model.Results.RunSetup.DefaultTaskMemoryGb;

    /// <summary>The egress limit's burst when its queue drops (tc htb burst); null with a fluid limit.</summary>
    public double? RedisShapingBucketKb { get; init; }

    /// <summary>The egress limit's queue (bfifo limit), beyond which packets are dropped.</summary>
    public double? RedisShapingQueueKb { get; init; }

    /// <summary>How the servers' Redis is sharded (run-local configures the servers; the run file records it).
    /// </summary>
    public RedisTopology RedisTopology { get; init; } = RedisTopology.Single;

    /// <summary>Shards (masters) of a sharded Redis; null with one node.</summary>
    public int? RedisShards { get; init; }
}
