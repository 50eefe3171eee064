using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.LoadGen;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

/// <summary>What the C# server puts on the wire, the Python one puts there too.</summary>
public sealed class WireFormatTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    // What `fanoutsim load` sends.
    private const string LoadGenMessage = "{\"user\":7,\"text\":\"hello\"}";

    [Fact]
    public async Task Published_envelope_has_the_csharp_servers_fields_in_its_order()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        string room = Scenario.NewRoom();
        using RedisSubscriber subscriber = await RedisSubscriber.SubscribeAsync(stack.Redis.Port, room + "_broadcast");
        await using ChatClient client = await ChatClient.ConnectAsync(stack.Server.RoomUri(room));

        await client.SendAsync(LoadGenMessage);
        byte[] payload = await subscriber.NextMessageAsync(s_timeout);

        using var document = JsonDocument.Parse(payload);
        JsonProperty[] fields = document.RootElement.EnumerateObject().ToArray();
        Assert.Equal(["id", "user", "content", "room", "created_at"], fields.Select(f => f.Name));
        Assert.All(fields, f => Assert.Equal(JsonValueKind.String, f.Value.ValueKind));
        Assert.Matches("^[0-9]+$", fields[0].Value.GetString());
        Assert.StartsWith(stack.Server.InstanceId + "-", fields[1].Value.GetString(), StringComparison.Ordinal);
        Assert.Equal(LoadGenMessage, fields[2].Value.GetString());
        Assert.Equal(room, fields[3].Value.GetString());
        DateTimeOffset createdAt = fields[4].Value.GetDateTimeOffset();
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        // The reference's envelope was "about 190 bytes".
        Assert.InRange(payload.Length, 130, 230);
    }

    [Fact]
    public async Task Clients_receive_exactly_the_content_as_a_text_frame()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        string room = Scenario.NewRoom();
        await using ChatClient sender = await ChatClient.ConnectAsync(stack.Server.RoomUri(room));
        await using ChatClient other = await ChatClient.ConnectAsync(stack.Server.RoomUri(room));

        await sender.SendAsync(LoadGenMessage);

        await sender.WaitForCountAsync(1, s_timeout);
        await other.WaitForCountAsync(1, s_timeout);
        Assert.Equal([LoadGenMessage], sender.Received);
        Assert.Equal([LoadGenMessage], other.Received);
    }

    [Fact]
    public async Task Healthz_and_metrics_answer_with_the_csharp_servers_fields()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerTask);

        JsonElement health = await stack.Server.GetJsonAsync("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("redis_connected").GetBoolean());
        Assert.Equal(Scenario.PerTask, health.GetProperty("subscription_mode").GetString());
        Assert.Equal(stack.Server.InstanceId, health.GetProperty("instance_id").GetString());

        JsonElement metrics = await stack.Server.MetricsAsync();
        string[] counters =
        [
            "connections", "messages_in", "messages_out", "dropped", "oversized_rejected", "binary_rejected",
            "connections_rejected", "publish_errors", "redis_reconnects",
        ];
        Assert.All(counters, name => Assert.Equal(0, metrics.GetProperty(name).GetInt64()));
        // fanoutsim load reads the servers' drop count from here.
        Assert.Equal(0L, ServerDropProbe.Parse(metrics.GetRawText()));
        Assert.True(metrics.GetProperty("redis_connected").GetBoolean());
        Assert.Equal(Scenario.PerTask, metrics.GetProperty("subscription_mode").GetString());
    }

    [Fact]
    public async Task Plain_http_get_on_the_websocket_route_is_a_bad_request()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);

        CancellationToken cancellation = TestContext.Current.CancellationToken;
        using HttpResponseMessage response =
            await stack.Server.Http.GetAsync("/ws/" + Scenario.NewRoom(), cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Binary_frame_closes_the_socket_with_1003()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        await using ChatClient client = await ChatClient.ConnectAsync(stack.Server.RoomUri(Scenario.NewRoom()));

        CancellationToken cancellation = TestContext.Current.CancellationToken;
        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, cancellation);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await client.WaitForCloseAsync(s_timeout));
        Assert.Equal(1, (await stack.Server.MetricsAsync()).GetProperty("binary_rejected").GetInt64());
    }

    [Fact]
    public async Task Text_over_the_size_limit_closes_the_socket_with_1009()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(
            Scenario.PerConnection, "--max-message-bytes", "64");
        await using ChatClient client = await ChatClient.ConnectAsync(stack.Server.RoomUri(Scenario.NewRoom()));

        await client.SendAsync(new string('x', 65));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitForCloseAsync(s_timeout));
        Assert.Equal(1, (await stack.Server.MetricsAsync()).GetProperty("oversized_rejected").GetInt64());
        Assert.Empty(client.Received);
    }
}
