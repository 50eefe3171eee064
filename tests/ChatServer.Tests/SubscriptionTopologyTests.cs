using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

/// <summary>What Redis itself sees: subscribers per channel and client connections.</summary>
public sealed class SubscriptionTopologyTests
{
    private static readonly TimeSpan s_settleTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Per_connection_mode_gives_every_websocket_its_own_redis_subscriber()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerConnection);
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 4);
        try
        {
            Assert.Equal(4, await Resp.NumSubAsync(redis.Port, room + "_broadcast"));
            IReadOnlyList<string> names = await Resp.ClientNamesAsync(redis.Port);
            Assert.Equal(4,
                names.Count(n => n.StartsWith($"fanout-ws-{server.InstanceId}-", StringComparison.Ordinal)));
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Per_task_mode_subscribes_once_per_room_per_process()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost first = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        await using ChatServerHost second = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        string room = Scenario.NewRoom();
        ChatClient[] clients = (await first.ConnectAsync(room, 3))
            .Concat(await second.ConnectAsync(room, 3)).ToArray();
        try
        {
            Assert.Equal(2, await Resp.NumSubAsync(redis.Port, room + "_broadcast"));

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
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
        // Warm up first: the process may open long-lived connections of its own on first use
        // (e.g. the shared subscription socket in per-task mode); those are not per-client leaks.
        string warmup = Scenario.NewRoom();
        await using (ChatClient first = await ChatClient.ConnectAsync(server.RoomUri(warmup)))
        {
            await first.SendAsync("warm-up");
            await first.WaitForCountAsync(1, s_settleTimeout);
            await first.CloseAsync();
        }

        await Poll.UntilAsync(
            async () => await Resp.NumSubAsync(redis.Port, warmup + "_broadcast") == 0,
            s_settleTimeout,
            () => "warm-up subscription did not go away");
        await Poll.UntilAsync(
            async () => !(await Resp.ClientNamesAsync(redis.Port))
                .Any(n => n.StartsWith("fanout-ws-", StringComparison.Ordinal)),
            s_settleTimeout,
            () => "warm-up per-connection Redis client did not go away");
        string room = Scenario.NewRoom();
        string channel = room + "_broadcast";
        int baselineClients = (await Resp.ClientNamesAsync(redis.Port)).Count;
        Assert.Equal(0, await Resp.NumSubAsync(redis.Port, channel));

        ChatClient[] clients = await server.ConnectAsync(room, 3);
        try
        {
            Assert.Equal(mode == Scenario.PerConnection ? 3 : 1, await Resp.NumSubAsync(redis.Port, channel));

            // No close handshake: the TCP connection just goes away.
            foreach (ChatClient client in clients)
            {
                client.Socket.Abort();
            }

            await Poll.UntilAsync(
                async () => await Resp.NumSubAsync(redis.Port, channel) == 0,
                s_settleTimeout,
                () => "PUBSUB NUMSUB did not return to 0");
            int clientCount = 0;
            await Poll.UntilAsync(
                async () => (clientCount = (await Resp.ClientNamesAsync(redis.Port)).Count) == baselineClients,
                s_settleTimeout,
                () => $"CLIENT LIST has {clientCount} clients, baseline {baselineClients}");
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("connections").GetInt64() == 0,
                s_settleTimeout,
                () => "server still counts connections");
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
