using System.Net.Sockets;
using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

public sealed class OperationsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Metrics_count_messages_in_and_out()
    {
        const int clientCount = 3;
        const int messagesPerClient = 4;
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), clientCount);
        try
        {
            await Scenario.SendAllAsync(clients, messagesPerClient);
            foreach (ChatClient client in clients)
            {
                await client.WaitForCountAsync(clientCount * messagesPerClient, s_timeout);
            }

            JsonElement metrics = await server.MetricsAsync();
            Assert.Equal(clientCount, metrics.GetProperty("connections").GetInt64());
            Assert.Equal(clientCount * messagesPerClient, metrics.GetProperty("messages_in").GetInt64());
            Assert.Equal(clientCount * clientCount * messagesPerClient, metrics.GetProperty("messages_out").GetInt64());
            Assert.Equal(0, metrics.GetProperty("dropped").GetInt64());
            Assert.Equal(0, metrics.GetProperty("oversized_rejected").GetInt64());
            Assert.True(metrics.GetProperty("redis_connected").GetBoolean());
            Assert.Equal(0, metrics.GetProperty("redis_reconnects").GetInt64());
            Assert.Equal("per-task", metrics.GetProperty("subscription_mode").GetString());
            // The runtime's own view of its CPU limit, which calibration runs record next to the quota.
            Assert.Equal(Environment.ProcessorCount, metrics.GetProperty("processor_count").GetInt32());
            Assert.Contains(metrics.GetProperty("server_gc").ValueKind,
                new[] { JsonValueKind.True, JsonValueKind.False });
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Metrics_are_exported_in_the_prometheus_text_format()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        await using ChatClient client = await ChatClient.ConnectAsync(server.RoomUri(Scenario.NewRoom()));
        await client.SendAsync("counted");
        await client.WaitForCountAsync(1, s_timeout);

        using HttpResponseMessage response = await server.Http.GetAsync("/metrics",
            TestContext.Current.CancellationToken);
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE fanoutsim_chatserver_chat_messages_in gauge", text, StringComparison.Ordinal);
        Assert.Contains(
            "fanoutsim_chatserver_chat_messages_lost{cause=\"redis_unavailable\"}", text, StringComparison.Ordinal);
        Assert.Contains("fanoutsim_chatserver_chat_delivery_healthy", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_reports_ok_with_redis_status()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerConnection);
        JsonElement health = await server.GetJsonAsync("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("redis_connected").GetBoolean());
        Assert.Equal("per-connection", health.GetProperty("subscription_mode").GetString());
    }

    [Fact]
    public async Task Published_envelope_has_the_reference_shape()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        string room = Scenario.NewRoom();
        await using ChatClient client = await ChatClient.ConnectAsync(server.RoomUri(room));

        // A raw subscriber sees exactly what the server put on the channel.
        using var tcp = new System.Net.Sockets.TcpClient();
        using var cts = new CancellationTokenSource(s_timeout);
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, redis.Port, cts.Token);
        NetworkStream stream = tcp.GetStream();
        string channel = room + "_broadcast";
        await stream.WriteAsync(
            System.Text.Encoding.ASCII.GetBytes($"*2\r\n$9\r\nSUBSCRIBE\r\n${channel.Length}\r\n{channel}\r\n"),
            cts.Token);
        await Poll.UntilAsync(async () => await Resp.NumSubAsync(redis.Port, channel) == 2, s_timeout,
            () => "raw SUBSCRIBE not active");

        await client.SendAsync("hello, ünïcode \"quoted\"");
        var raw = new System.Text.StringBuilder();
        byte[] buffer = new byte[4096];
        await Poll.UntilAsync(
            async () =>
            {
                int read = await stream.ReadAsync(buffer, cts.Token);
                raw.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
                return raw.ToString().Contains("created_at", StringComparison.Ordinal);
            },
            s_timeout,
            () => "no message on the channel");
        string text = raw.ToString();
        string json = text[text.IndexOf('{', StringComparison.Ordinal)..(text.LastIndexOf('}') + 1)];
        var message = ChatMessage.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal("hello, ünïcode \"quoted\"", message.Content);
        Assert.Equal(room, message.Room);
        Assert.StartsWith(server.InstanceId + "-", message.User, StringComparison.Ordinal);
        Assert.Equal(32, message.Id.Length);
        Assert.True(DateTimeOffset.UtcNow - message.CreatedAt < TimeSpan.FromMinutes(1));
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(json), 120, 260);

        await client.WaitForCountAsync(1, s_timeout);
        Assert.Equal("hello, ünïcode \"quoted\"", client.Received[0]);
    }

    [Fact]
    public void Outbound_queue_overflow_is_dropped_and_counted()
    {
        var options = new ChatOptions { OutboundQueue = 2, InstanceId = "unit" };
        var metrics = new ServerMetrics();
        var bus = new RedisBus(
            Microsoft.Extensions.Options.Options.Create(options),
            metrics,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisBus>.Instance);
        var session = new WebSocketSession("room", options, metrics, bus,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        for (int i = 0; i < 5; i++)
        {
            session.Enqueue([(byte)'x']);
        }

        Assert.Equal(3, metrics.Snapshot(false, "per-task", "unit").Dropped);
    }
}
