using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

public sealed class AdmissionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Clients_that_never_read_nor_send_do_not_hold_the_slots_forever()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis,
            Scenario.PerConnection,
            "--Chat:MaxConnections=3",
            "--Chat:KeepAliveIntervalMs=500",
            "--Chat:ReadTimeoutMs=1000");
        string room = Scenario.NewRoom();
        var hostages = new List<RawWebSocket>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                hostages.Add(await RawWebSocket.ConnectAsync(server.BaseUri, room));
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await TryConnectStatusAsync(server.RoomUri(room)));

            // Their pings go unanswered, so the read timeout frees the slots.
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("connections").GetInt64() == 0,
                s_timeout,
                () => "the silent clients still hold their slots");
            await using ChatClient late = await ChatClient.ConnectAsync(server.RoomUri(room));
            Assert.Equal(3, (await server.MetricsAsync()).GetProperty("timeout_closes").GetInt64());
        }
        finally
        {
            hostages.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task A_client_that_answers_pings_but_never_sends_stays_connected()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:KeepAliveIntervalMs=300", "--Chat:ReadTimeoutMs=600");
        string room = Scenario.NewRoom();
        await using ChatClient listener = await ChatClient.ConnectAsync(server.RoomUri(room));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        await using ChatClient talker = await ChatClient.ConnectAsync(server.RoomUri(room));
        await talker.SendAsync("still there?");
        await listener.WaitForCountAsync(1, s_timeout);
        Assert.Null(listener.CloseStatus);
    }

    [Fact]
    public async Task A_handshake_that_never_completes_is_dropped_after_the_handshake_timeout()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:HandshakeTimeoutMs=1000");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.BaseUri.Port, TestContext.Current.CancellationToken);
        NetworkStream stream = tcp.GetStream();
        byte[] halfRequest = Encoding.ASCII.GetBytes("GET /ws/r HTTP/1.1\r\nHost: x\r\n");
        await stream.WriteAsync(halfRequest, TestContext.Current.CancellationToken);

        using var cts = new CancellationTokenSource(s_timeout);
        byte[] buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, cts.Token) > 0)
            {
                // Kestrel may answer 408 before closing.
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        Assert.False(cts.IsCancellationRequested, "the half-sent handshake was not dropped");
    }

    [Fact]
    public async Task Connections_beyond_the_per_ip_limit_get_429()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:MaxConnectionsPerIp=2");
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 2);
        try
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, await TryConnectStatusAsync(server.RoomUri(room)));
            await clients[0].CloseAsync();
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("connections").GetInt64() == 1,
                s_timeout,
                () => "the closed client still counts");
            await using ChatClient late = await ChatClient.ConnectAsync(server.RoomUri(room));
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Allowed_origins_refuse_other_browser_origins_with_403()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:AllowedOrigins=https://chat.example, https://other.example");
        string room = Scenario.NewRoom();
        Assert.Equal(
            HttpStatusCode.Forbidden, await TryConnectStatusAsync(server.RoomUri(room), "https://evil.example"));

        using var allowed = new ClientWebSocket();
        allowed.Options.SetRequestHeader("Origin", "https://chat.example");
        await allowed.ConnectAsync(server.RoomUri(room), TestContext.Current.CancellationToken);
        Assert.Equal(WebSocketState.Open, allowed.State);
        Assert.Equal(1, (await server.MetricsAsync()).GetProperty("origin_rejected").GetInt64());
    }

    [Fact]
    public async Task Metrics_need_the_bearer_token_when_one_is_set()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask,
            "--Chat:MetricsToken=s3cret");
        using HttpResponseMessage anonymous = await server.Http.GetAsync("/metrics.json",
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics.json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret");
        using HttpResponseMessage authorized = await server.Http.SendAsync(request,
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        // Health stays open: load balancers do not carry the token.
        Assert.Equal(HttpStatusCode.OK, (await server.HealthAsync()).Status);
    }

    private static async Task<HttpStatusCode> TryConnectStatusAsync(Uri uri, string? origin = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var cts = new CancellationTokenSource(s_timeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, cts.Token));
        return socket.HttpStatusCode;
    }
}
