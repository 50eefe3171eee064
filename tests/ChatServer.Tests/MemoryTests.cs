using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FanoutSim.ChatServer.Tests;

public sealed class MemoryTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Past_the_budget_only_connections_that_have_fallen_behind_lose_messages()
    {
        var options = new ChatOptions { OutboundBudgetBytes = 10, InstanceId = "unit" };
        var metrics = new ServerMetrics();
        var bus = new RedisBus(
            Microsoft.Extensions.Options.Options.Create(options), metrics, NullLogger<RedisBus>.Instance);
        var behind = new WebSocketSession("room", options, metrics, bus, NullLogger.Instance);
        var keepingUp = new WebSocketSession("room", options, metrics, bus, NullLogger.Instance);

        behind.Enqueue(new byte[4]);
        behind.Enqueue(new byte[4]);
        behind.Enqueue(new byte[4]);
        keepingUp.Enqueue(new byte[4]);

        Assert.Equal(1, metrics.LostCount(LossCause.MemoryBudget));
        Assert.Equal(12, metrics.QueuedBytes);
    }

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task Queued_bytes_stay_within_the_process_budget_with_readers_that_never_read(string mode)
    {
        const int budget = 128 * 1024;
        const int messages = 1500;
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis,
            mode,
            $"--Chat:OutboundBudgetBytes={budget}",
            "--Chat:ReadTimeoutMs=60000",
            "--Chat:WriteTimeoutMs=60000");
        string room = Scenario.NewRoom();
        var stalled = new List<RawWebSocket>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                stalled.Add(await RawWebSocket.ConnectAsync(server.BaseUri, room));
            }

            await using ChatClient sender = await ChatClient.ConnectAsync(server.RoomUri(room));
            string text = new string('m', 4000);
            long peak = 0;
            for (int m = 0; m < messages; m++)
            {
                await sender.SendAsync(text);
                if (m % 50 == 0)
                {
                    peak = Math.Max(peak, (await server.MetricsAsync()).GetProperty("queued_bytes").GetInt64());
                }
            }

            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("messages_in").GetInt64() == messages,
                s_timeout,
                () => "not every message was taken in");
            JsonElement metrics = await server.MetricsAsync();
            peak = Math.Max(peak, metrics.GetProperty("queued_bytes").GetInt64());
            // Beyond the budget, at most one message per connection (an empty queue always takes one).
            Assert.InRange(peak, 0, budget + (6 * 4000));
            Assert.True(metrics.GetProperty("lost").GetProperty("memory_budget").GetInt64() > 0);
            Assert.Equal(0, metrics.GetProperty("lost").GetProperty("outbound_queue_full").GetInt64());

            stalled.ForEach(s => s.Dispose());
            await sender.CloseAsync();
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("queued_bytes").GetInt64() == 0,
                s_timeout,
                () => "queued bytes were not released when the connections ended");
        }
        finally
        {
            stalled.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Per_task_room_state_is_released_when_the_last_local_member_leaves()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        for (int batch = 0; batch < 10; batch++)
        {
            ChatClient[] clients = await Task.WhenAll(Enumerable.Range(0, 20)
                .Select(_ => ChatClient.ConnectAsync(server.RoomUri(Scenario.NewRoom()))));
            Assert.Equal(20, (await server.MetricsAsync()).GetProperty("rooms").GetInt64());
            await Task.WhenAll(clients.Select(c => c.CloseAsync()));
            await Scenario.DisposeAllAsync(clients);
        }

        await Poll.UntilAsync(
            async () => (await server.MetricsAsync()).GetProperty("rooms").GetInt64() == 0,
            s_timeout,
            () => "room state outlived its members");
        await Poll.UntilAsync(
            async () =>
            {
                object? channels = await Resp.ExecAsync(redis.Port, TimeSpan.FromSeconds(5), "PUBSUB", "CHANNELS",
                    "room*");
                return ((object?[])channels!).Length == 0;
            },
            s_timeout,
            () => "room subscriptions outlived their members");
    }

    [Fact]
    public async Task A_room_rejoined_while_its_last_member_leaves_keeps_delivering()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        string room = Scenario.NewRoom();
        for (int round = 0; round < 20; round++)
        {
            ChatClient leaving = await ChatClient.ConnectAsync(server.RoomUri(room));
            Task close = leaving.CloseAsync();
            await using ChatClient joining = await ChatClient.ConnectAsync(server.RoomUri(room));
            await close;
            await leaving.DisposeAsync();
            await joining.SendAsync($"round {round}");
            await joining.WaitForCountAsync(1, s_timeout);
        }
    }
}
