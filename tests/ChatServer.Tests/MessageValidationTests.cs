using System.Net.WebSockets;
using System.Text;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

public sealed class MessageValidationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string> BadPublishes => new()
    {
        { Scenario.PerConnection, "invalid-utf8" },
        { Scenario.PerTask, "invalid-utf8" },
        { Scenario.PerConnection, "truncated" },
        { Scenario.PerTask, "truncated" },
        { Scenario.PerTask, "not-an-object" },
    };

    [Theory]
    [MemberData(nameof(BadPublishes))]
    public async Task A_bad_message_from_redis_is_counted_and_dropped_never_forwarded(string mode, string kind)
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 2);
        try
        {
            byte[] payload = kind switch
            {
                "invalid-utf8" =>
                    [.. "{\"id\":\"x\",\"user\":\"u\",\"content\":\""u8, 0xC3, 0x28, .. "\",\"room\":\"r\"}"u8],
                "truncated" => """{"id":"x","user":"u","content":"half","room":"r","created"""u8.ToArray(),
                _ => """["content","x"]"""u8.ToArray(),
            };
            Assert.True(await Resp.PublishRawAsync(redis.Port, room + "_broadcast", payload) >= 1);

            await clients[0].SendAsync("good");
            foreach (ChatClient client in clients)
            {
                await client.WaitForCountAsync(1, s_timeout);
                Assert.Equal(["good"], client.Received);
                Assert.Null(client.CloseStatus);
            }

            // Per-connection mode checks each subscriber's copy, per-task mode the process's one.
            int expected = mode == Scenario.PerConnection ? 2 : 1;
            Assert.Equal(expected, await server.LostAsync("invalid_from_redis"));
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task A_message_at_the_limit_sent_as_a_full_frame_and_an_empty_final_frame_is_accepted()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:MaxMessageBytes=4096");
        ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), 2);
        try
        {
            string text = new string('a', 4096);
            using var cts = new CancellationTokenSource(s_timeout);
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            await clients[0].Socket.SendAsync(bytes, WebSocketMessageType.Text, false, cts.Token);
            await clients[0].Socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, cts.Token);

            await clients[1].WaitForCountAsync(1, s_timeout);
            Assert.Equal(text, clients[1].Received[0]);
            Assert.Null(clients[0].CloseStatus);
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task A_message_over_the_limit_across_fragments_is_closed_with_1009()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:MaxMessageBytes=4096");
        await using ChatClient client = await ChatClient.ConnectAsync(server.RoomUri(Scenario.NewRoom()));
        using var cts = new CancellationTokenSource(s_timeout);
        byte[] full = Enumerable.Repeat((byte)'a', 4096).ToArray();
        await client.Socket.SendAsync(full, WebSocketMessageType.Text, false, cts.Token);
        await client.Socket.SendAsync("b"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitForCloseAsync(s_timeout));
    }

    [Fact]
    public async Task An_RSV1_frame_is_closed_with_1002()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        using RawWebSocket raw = await RawWebSocket.ConnectAsync(server.BaseUri, Scenario.NewRoom());
        // FIN + RSV1 + text: RSV1 means compressed, and no extension was negotiated.
        await raw.SendAsync(RawWebSocket.Frame(0xC1, "hi"u8));
        Assert.Equal(1002, await raw.ReadUntilCloseAsync(s_timeout));
    }

    [Fact]
    public async Task A_frame_announcing_4_GB_that_never_arrives_is_closed_by_the_read_timeout()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:KeepAliveIntervalMs=300", "--Chat:ReadTimeoutMs=700");
        using RawWebSocket raw = await RawWebSocket.ConnectAsync(server.BaseUri, Scenario.NewRoom());
        await raw.SendAsync(RawWebSocket.HugeFrameHeader(4UL * 1024 * 1024 * 1024));

        Assert.True(await raw.IsClosedByPeerAsync(s_timeout), "the stalled frame kept the connection open");
        await Poll.UntilAsync(
            async () => (await server.MetricsAsync()).GetProperty("connections").GetInt64() == 0,
            s_timeout,
            () => "the stalled connection still holds its slot");
    }
}
