using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

public sealed class LimitsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Oversized_frame_is_closed_with_1009_and_others_keep_chatting()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerConnection,
            "--Chat:MaxMessageBytes=1024");
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 2);
        try
        {
            // Exactly the limit is still fine.
            await clients[0].SendAsync(new string('a', 1024));
            await clients[1].WaitForCountAsync(1, s_timeout);

            await clients[0].SendAsync(new string('x', 5000));
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, await clients[0].WaitForCloseAsync(s_timeout));

            await AssertStillServingAsync(server, room, clients[1]);
            JsonElement metrics = await server.MetricsAsync();
            Assert.Equal(1, metrics.GetProperty("oversized_rejected").GetInt64());
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Binary_frame_is_closed_with_1003_and_others_keep_chatting()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 2);
        try
        {
            using var cts = new CancellationTokenSource(s_timeout);
            await clients[0].Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true,
                cts.Token);
            Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await clients[0].WaitForCloseAsync(s_timeout));

            await AssertStillServingAsync(server, room, clients[1]);
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Upgrade_beyond_max_connections_is_refused_with_503()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerConnection,
            "--Chat:MaxConnections=3");
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 3);
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await TryConnectStatusAsync(server.RoomUri(room)));

            // The slot frees up when a member leaves.
            await clients[0].CloseAsync();
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("connections").GetInt64() == 2,
                s_timeout,
                () => "connection count did not drop to 2");
            await using ChatClient late = await ChatClient.ConnectAsync(server.RoomUri(room));
            JsonElement metrics = await server.MetricsAsync();
            Assert.Equal(1, metrics.GetProperty("connections_rejected").GetInt64());
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    private static async Task<HttpStatusCode> TryConnectStatusAsync(Uri uri)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(s_timeout);
        WebSocketException ex = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, cts.Token));
        Assert.NotNull(ex);
        return socket.HttpStatusCode;
    }

    private static async Task AssertStillServingAsync(ChatServerHost server, string room, ChatClient survivor)
    {
        await using ChatClient newcomer = await ChatClient.ConnectAsync(server.RoomUri(room));
        int before = survivor.Received.Count;
        await newcomer.SendAsync("still here");
        await survivor.WaitForCountAsync(before + 1, s_timeout);
        Assert.Equal("still here", survivor.Received[^1]);
        await newcomer.WaitForCountAsync(1, s_timeout);
    }
}
