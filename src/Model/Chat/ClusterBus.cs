using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// What classic Redis Cluster pub/sub costs on the cluster bus, for every PUBLISH, towards every other master.
/// </summary>
internal static class ClusterBus
{
    /// <summary>
    /// Redis 7.0's bus message header (struct clusterMsg without its data union: signature, epochs, sender, the
    /// 2,048-byte slot bitmap, ...: 2,256 bytes) plus the publish data's two lengths. Redis 7.2 sends PUBLISH with a
    /// light header instead; this machine's Redis and ElastiCache 7.0 nodes send the full one.
    /// </summary>
    public const int HeaderBytes = 2256 + 8;

    /// <summary>
    /// Bytes one forwarded PUBLISH takes on the bus: the header, then channel and payload (taken as the size of one
    /// subscriber copy, whose RESP framing is about the size of what the bus message adds besides its header).
    /// </summary>
    public static double ForwardBytes(double copyBytes) => HeaderBytes + copyBytes;

    /// <summary>Classic cluster pub/sub over more than one master: every PUBLISH goes to every other master.</summary>
    public static bool ForwardsEveryPublish(Deployment deployment) =>
        deployment.RedisTopology == RedisTopology.Cluster && deployment.RedisShards > 1;

    /// <summary>
    /// Whether a master's egress is shared flow by flow between its bus links and its subscribers' connections (a
    /// classic cluster on fluid links): the copies get their share and a bus that wants more falls behind, so the bus
    /// takes the node's bandwidth without holding up deliveries.
    /// </summary>
    public static bool SharesEgressPerFlow(Deployment deployment) =>
        ForwardsEveryPublish(deployment) && deployment.RedisNode.Shaping is null;

    /// <summary>Bus bytes one PUBLISH costs its owner: a forward to every other master (0 when none is made).</summary>
    public static double BytesPerPublish(Deployment deployment, CostProfile profile) =>
        ForwardsEveryPublish(deployment) ? BytesPerPublish(deployment.RedisShards, profile.RedisBytesPerCopy) : 0;

    /// <summary>Bus bytes a PUBLISH whose copies take <paramref name="copyBytes"/> costs its owner among
    /// <paramref name="masters"/> masters of a classic cluster.</summary>
    public static double BytesPerPublish(int masters, double copyBytes) => ForwardBytes(copyBytes) * (masters - 1);
}
