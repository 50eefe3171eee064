using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

public sealed class ResilienceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_recoveryTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task Redis_restart_mid_run_resumes_delivery(string mode)
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
        ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), 2);
        try
        {
            await clients[0].SendAsync("before");
            await clients[1].WaitForCountAsync(1, s_timeout);

            redis.Kill();
            await server.WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, s_timeout);
            Assert.False((await server.MetricsAsync()).GetProperty("redis_connected").GetBoolean());
            // Per connection, each client's own subscription is counted missing while its connection is down.
            int expectMissing = mode == Scenario.PerConnection ? clients.Length : 0;
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("subscriptions_missing").GetInt32()
                    == expectMissing,
                s_timeout, () => $"subscriptions_missing never reached {expectMissing}");

            await redis.RestartAsync();
            // Healthy again means the canary made the round trip and every subscription is back.
            await server.WaitForHealthAsync(HttpStatusCode.OK, s_recoveryTimeout);

            // And then everybody gets everything again, the sender included.
            await clients[1].SendAsync("after");
            foreach (ChatClient client in clients)
            {
                await Poll.UntilAsync(() => client.Received.Contains("after"), s_timeout,
                    () => "'after' not delivered");
            }

            JsonElement health = await server.GetJsonAsync("/healthz");
            Assert.True(health.GetProperty("redis_connected").GetBoolean());
            JsonElement metrics = await server.MetricsAsync();
            Assert.True(metrics.GetProperty("redis_reconnects").GetInt64() >= 1);
            Assert.Equal(0, metrics.GetProperty("subscriptions_missing").GetInt32());
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Server_starts_while_redis_is_down_and_serves_once_it_is_up()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        redis.Kill();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        (HttpStatusCode status, JsonElement health) = await server.HealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("degraded", health.GetProperty("status").GetString());

        await redis.RestartAsync();
        await server.WaitForHealthAsync(HttpStatusCode.OK, s_recoveryTimeout);
        ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), 2);
        try
        {
            await clients[0].SendAsync("hi");
            await clients[1].WaitForCountAsync(1, s_timeout);
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Stopping_the_host_closes_sockets_with_going_away_and_unsubscribes()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerConnection);
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, 3);
        try
        {
            Assert.Equal(3, await Resp.NumSubAsync(redis.Port, room + "_broadcast"));
            var stopwatch = Stopwatch.StartNew();
            await server.StopAsync();
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {stopwatch.Elapsed}");

            foreach (ChatClient client in clients)
            {
                Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.WaitForCloseAsync(s_timeout));
            }

            await Poll.UntilAsync(
                async () => await Resp.NumSubAsync(redis.Port, room + "_broadcast") == 0,
                s_timeout,
                () => "subscriptions survived shutdown");
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Server_process_exits_0_on_SIGTERM_after_closing_sockets_with_going_away()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        int port = RedisServerProcess.FreePort();
        string serverDll = Path.Combine(AppContext.BaseDirectory, "FanoutSim.ChatServer.dll");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string? arg in new[] { serverDll, "--urls", $"http://127.0.0.1:{port}",
            $"--Chat:Redis={redis.Endpoint}", "--Chat:Subscription=per-task" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        using HttpResponseMessage response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
                        return response.IsSuccessStatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // Not listening yet, or still starting up.
                        return false;
                    }
                },
                TimeSpan.FromSeconds(20),
                () => "server process never answered /healthz");

            await using ChatClient client = await ChatClient.ConnectAsync(
                new Uri($"ws://127.0.0.1:{port}/ws/{Scenario.NewRoom()}"));
            Assert.True(Signals.Send(process.Id, Signals.Term));

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.WaitForCloseAsync(s_timeout));
            await process.WaitForExitAsync(TestContext.Current.CancellationToken)
                .WaitAsync(s_timeout, TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
