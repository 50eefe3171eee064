using FanoutSim.Model.Rooms;
using FanoutSim.Model.Scenarios;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// Where a room's messages travel under Chat:RedisTopology: which of the server's Redis connections (nodes) carries
/// the room, and the channel it uses there.
/// <list type="bullet">
/// <item>single: one node, classic pub/sub, as the reference server.</item>
/// <item>client-sharded: one node per endpoint of Chat:Redis (shard i = endpoint i); a room's SUBSCRIBE and PUBLISH
/// both go to the shard <see cref="HashSlots.ShardOfChannel"/> names for its channel.</item>
/// <item>cluster: one cluster connection, classic SUBSCRIBE/PUBLISH routed to the channel's slot owner.</item>
/// <item>cluster-sharded: one cluster connection, SSUBSCRIBE/SPUBLISH (always at the slot owner).</item>
/// </list>
/// </summary>
public sealed class RedisLayout
{
    private readonly string[] _nodeConfigurations;

    public RedisLayout(RedisTopology topology, string configuration)
    {
        Topology = topology;
        if (topology == RedisTopology.ClientSharded)
        {
            // Items with '=' are options (password=..., ssl=...) that every shard shares.
            string[] options = [.. Items(configuration).Where(item => item.Contains('=', StringComparison.Ordinal))];
            _nodeConfigurations =
                [.. EndpointsOf(configuration).Select(endpoint => string.Join(",", [endpoint, .. options]))];
        }
        else
        {
            // One multiplexer: a single node as today, or a cluster reached through its seeds.
            _nodeConfigurations = [configuration];
        }
    }

    public RedisTopology Topology { get; }

    public bool IsCluster => Topology is RedisTopology.Cluster or RedisTopology.ClusterSharded;

    /// <summary>The configuration string of each connection the server keeps (one, or one per client shard).</summary>
    public IReadOnlyList<string> NodeConfigurations => _nodeConfigurations;

    /// <summary>The endpoints (items without '=') of a comma-separated StackExchange.Redis configuration.</summary>
    public static IReadOnlyList<string> EndpointsOf(string configuration) =>
        [.. Items(configuration).Where(item => !item.Contains('=', StringComparison.Ordinal))];

    /// <summary>The connection (index of <see cref="NodeConfigurations"/>) carrying <paramref name="room"/>.</summary>
    public int NodeOf(string room) =>
        Topology == RedisTopology.ClientSharded
            ? HashSlots.ShardOfChannel(RoomNames.ChannelOf(room), _nodeConfigurations.Length)
            : 0;

    /// <summary>
    /// A channel named <paramref name="name"/> in this topology. Classic channels in a cluster are routed by hash slot
    /// (StackExchange.Redis would otherwise spread them round-robin over the nodes): SUBSCRIBE and PUBLISH then meet
    /// on the slot owner, as the model assumes, and PUBLISH's receiver count includes the sender's own subscription.
    /// </summary>
    public RedisChannel Channel(string name) => Topology switch
    {
        RedisTopology.ClusterSharded => RedisChannel.Sharded(name),
        RedisTopology.Cluster => RedisChannel.Literal(name).WithKeyRouting(),
        _ => RedisChannel.Literal(name),
    };

    private static IEnumerable<string> Items(string configuration) =>
        configuration.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
