using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.Model.Rooms;

namespace FanoutSim.ChatServer.Tests.Topologies;

/// <summary>
/// Where Redis itself sees a room's subscriptions: only on the shard HashSlots names for the room's channel (the
/// standalone node of that index for client-sharded, the master owning the slot for the cluster topologies), so the
/// model's shard of a room is the real one.
/// </summary>
[Collection(RedisTopologiesCollection.Name)]
public sealed class PlacementTests
{
    private const int MembersPerRoom = 2;
    private readonly RedisTopologiesFixture _redis;

    public PlacementTests(RedisTopologiesFixture redis)
    {
        _redis = redis;
    }

    [Theory]
    [InlineData("client-sharded", Scenario.PerConnection)]
    [InlineData("client-sharded", Scenario.PerTask)]
    [InlineData("cluster", Scenario.PerConnection)]
    [InlineData("cluster", Scenario.PerTask)]
    [InlineData("cluster-sharded", Scenario.PerConnection)]
    [InlineData("cluster-sharded", Scenario.PerTask)]
    public async Task Room_subscriptions_sit_on_the_shard_hash_slots_name_only(string topology, string mode)
    {
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            _redis.RedisFor(topology), mode, $"--Chat:RedisTopology={topology}");
        IReadOnlyList<RedisServerProcess> shards = _redis.ShardsFor(topology);
        string[] rooms = ShardRooms.OnePerShard(shards.Count);
        var clients = new List<ChatClient>();
        try
        {
            foreach (string room in rooms)
            {
                clients.AddRange(await server.ConnectAsync(room, MembersPerRoom));
            }

            // per-connection: one subscription per WebSocket; per-task: one per room per process.
            long expected = mode == Scenario.PerConnection ? MembersPerRoom : 1;
            bool sharded = topology == "cluster-sharded";
            for (int room = 0; room < rooms.Length; room++)
            {
                string channel = RoomNames.ChannelOf(rooms[room]);
                for (int shard = 0; shard < shards.Count; shard++)
                {
                    int port = shards[shard].Port;
                    long classic = await Resp.NumSubAsync(port, channel);
                    long shardChannel = await Resp.ShardNumSubAsync(port, channel);
                    Assert.Equal(
                        (room == shard && !sharded ? expected : 0, room == shard && sharded ? expected : 0),
                        (classic, shardChannel));
                }
            }
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
