namespace FanoutSim.Model.Scenarios;

/// <summary>How the Redis layer is laid out over its shards, which sets where a room's PUBLISH and copies go.</summary>
public enum RedisTopology
{
    /// <summary>One node carries every room (the reference system).</summary>
    Single,

    /// <summary>
    /// S independent nodes; the server picks a room's node by its channel's hash slot
    /// (<see cref="Rooms.HashSlots"/>): PUBLISH and SUBSCRIBE of a room meet on one node; the others never see it.
    /// </summary>
    ClientSharded,

    /// <summary>
    /// Redis Cluster with classic pub/sub: a PUBLISH is forwarded over the cluster bus to every other shard, each of
    /// which delivers it to its own subscribers. Subscribers attach to the shard owning their channel's slot: the
    /// bundled server asks StackExchange.Redis for that (WithKeyRouting), whose default spreads classic channels
    /// round-robin over the masters.
    /// </summary>
    Cluster,

    /// <summary>Redis Cluster with sharded pub/sub (SPUBLISH/SSUBSCRIBE): only the slot owner sees a message.</summary>
    ClusterSharded,
}
