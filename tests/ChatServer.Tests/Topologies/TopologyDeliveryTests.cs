using System.Net;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests.Topologies;

/// <summary>Every member of every room gets every message in each sharded topology and subscription mode.</summary>
[Collection(RedisTopologiesCollection.Name)]
public sealed class TopologyDeliveryTests
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(10);
    private readonly RedisTopologiesFixture _redis;

    public TopologyDeliveryTests(RedisTopologiesFixture redis)
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
    public async Task Every_member_of_every_room_receives_every_message(string topology, string mode)
    {
        const int rooms = 6;
        const int membersPerServer = 2;
        const int messagesPerMember = 3;
        // Two processes, so in per-task mode a room's PUBLISH must reach the other process through Redis too.
        await using ChatServerHost first = await StartAsync(topology, mode);
        await using ChatServerHost second = await StartAsync(topology, mode);
        // Six random room names land on all three shards with probability ~0.75; PlacementTests pins shards exactly.
        string[] names = [.. Enumerable.Range(0, rooms).Select(_ => Scenario.NewRoom())];
        var members = new List<ChatClient[]>();
        try
        {
            foreach (string room in names)
            {
                members.Add([.. await first.ConnectAsync(room, membersPerServer),
                    .. await second.ConnectAsync(room, membersPerServer)]);
            }

            // /healthz stays 200: each node's (or master's) canary gets through.
            Assert.Equal(HttpStatusCode.OK, (await first.HealthAsync()).Status);
            Assert.Equal(HttpStatusCode.OK, (await second.HealthAsync()).Status);
            await Task.WhenAll(members.Select(room => Scenario.SendAllAsync(room, messagesPerMember)));

            string[] expected = [.. Scenario.AllContents(2 * membersPerServer, messagesPerMember).Order()];
            foreach (ChatClient client in members.SelectMany(room => room))
            {
                await client.WaitForCountAsync(expected.Length, s_deliveryTimeout);
                Assert.Equal(expected, client.Received.Order().ToArray());
            }

            Assert.Equal(0, (await first.MetricsAsync()).GetProperty("publish_errors").GetInt64());
            Assert.Equal(0, await first.LostAsync("no_subscribers"));
        }
        finally
        {
            await Scenario.DisposeAllAsync(members.SelectMany(room => room));
        }
    }

    private Task<ChatServerHost> StartAsync(string topology, string mode) =>
        ChatServerHost.StartAsync(_redis.RedisFor(topology), mode, $"--Chat:RedisTopology={topology}");
}
