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
    /// Whether a master's bus links are kept apart from its subscribers' connections on its egress (a classic cluster
    /// on fluid links): the copies get through and a bus that wants more than they leave falls behind, so the bus
    /// takes the node's bandwidth without holding up deliveries (shared flow by flow, or queued a few segments at a
    /// time ahead of the copies: <see cref="QueuesBusInOneFifo"/>).
    /// </summary>
    public static bool SharesEgressPerFlow(Deployment deployment) =>
        ForwardsEveryPublish(deployment) && deployment.RedisNode.Shaping is null;

    /// <summary>
    /// Whether each master's egress is one packet FIFO that the bus links hold a few segments in and each
    /// subscriber's connection one (a plainly shaped link: the local runs' tc htb class, whose default leaf qdisc is
    /// a pfifo; Linux TCP autocorking holds a socket's small writes while one of its packets is queued, and sends
    /// them together when it leaves) rather than a per-flow share.
    /// </summary>
    public static bool QueuesBusInOneFifo(Deployment deployment) =>
        SharesEgressPerFlow(deployment) && deployment.RedisNode.Link == RedisLink.Shaped;

    /// <summary>
    /// The most a bus link's TCP segment carries on the local runs' loopback (MTU 65,536: one segment of up to
    /// 64 KiB, sent whole by TSO), when its buffer holds that much.
    /// </summary>
    public const double SegmentBytes = 65536;

    /// <summary>
    /// How many segments a bus link keeps in the FIFO: TCP small queues stop a socket once it has more than twice
    /// one segment's truesize in the qdisc (Linux tcp_small_queue_check; the pacing term, a millisecond at the
    /// flow's rate, is far smaller on a link of a few Mbit/s), so a backlogged link keeps two full segments there.
    /// </summary>
    public const int SegmentsQueued = 2;

    /// <summary>Bus bytes one PUBLISH costs its owner: a forward to every other master (0 when none is made).</summary>
    public static double BytesPerPublish(Deployment deployment, CostProfile profile) =>
        ForwardsEveryPublish(deployment) ? BytesPerPublish(deployment.RedisShards, profile.RedisBytesPerCopy) : 0;

    /// <summary>Bus bytes a PUBLISH whose copies take <paramref name="copyBytes"/> costs its owner among
    /// <paramref name="masters"/> masters of a classic cluster.</summary>
    public static double BytesPerPublish(int masters, double copyBytes) => ForwardBytes(copyBytes) * (masters - 1);
}
