using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

/// <summary>What Redis itself sees: subscribers per channel and client connections.</summary>
public sealed class SubscriptionTopologyTests
{
    private static readonly TimeSpan s_settleTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Per_connection_mode_gives_every_websocket_its_own_redis_subscriber()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        string room = Scenario.NewRoom();
        ChatClient[] clients = await stack.Server.ConnectAsync(room, 4);
        try
        {
            Assert.Equal(4, await Resp.NumSubAsync(stack.Redis.Port, room + "_broadcast"));
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Per_task_mode_subscribes_once_per_room_per_process()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerTask);
        ReferenceServerProcess second = await stack.AddServerAsync(Scenario.PerTask);
        string room = Scenario.NewRoom();
        ChatClient[] clients = (await stack.Server.ConnectAsync(room, 3)).Concat(await second.ConnectAsync(room, 3))
            .ToArray();
        try
        {
            Assert.Equal(2, await Resp.NumSubAsync(stack.Redis.Port, room + "_broadcast"));

            // Fan-out across processes still reaches everyone exactly once.
            await clients[0].SendAsync("across");
            foreach (ChatClient? client in clients)
            {
                await client.WaitForCountAsync(1, s_settleTimeout);
                Assert.Equal(["across"], client.Received);
            }
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task Abrupt_disconnect_leaks_no_subscription_and_no_redis_connection(string mode)
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(mode);
        int port = stack.Redis.Port;
        string room = Scenario.NewRoom();
        string channel = room + "_broadcast";
        int baselineClients = (await Resp.ClientNamesAsync(port)).Count;
        ChatClient[] clients = await stack.Server.ConnectAsync(room, 3);
        try
        {
            await clients[0].SendAsync("before");
            await clients[2].WaitForCountAsync(1, s_settleTimeout);
            Assert.Equal(mode == Scenario.PerConnection ? 3 : 1, await Resp.NumSubAsync(port, channel));

            // No close handshake: the TCP connection just goes away.
            foreach (ChatClient client in clients)
            {
                client.Socket.Abort();
            }

            await Poll.UntilAsync(
                async () => await Resp.NumSubAsync(port, channel) == 0,
                s_settleTimeout,
                () => "PUBSUB NUMSUB did not return to 0");
            await Poll.UntilAsync(
                async () => !(await Resp.ClientNamesAsync(port))
                    .Any(n => n.StartsWith("fanout-ws-", StringComparison.Ordinal)),
                s_settleTimeout,
                () => "a per-connection Redis client is still connected");
            // The shared clients (health, jobs) may have connected meanwhile; nothing else may remain.
            IReadOnlyList<string> names = await Resp.ClientNamesAsync(port);
            Assert.True(
                names.Count <= baselineClients + 2,
                $"CLIENT LIST has {names.Count} clients, baseline {baselineClients}: {string.Join(", ", names)}");
            await Poll.UntilAsync(
                async () => (await stack.Server.MetricsAsync()).GetProperty("connections").GetInt64() == 0,
                s_settleTimeout,
                () => "server still counts connections");
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
