using System.Net;
using System.Net.Sockets;

namespace FanoutSim.LoadGen.Tests;

/// <summary>A real redis-server and a real chat server (per-connection mode) on free loopback ports.</summary>
public class LiveServers : IAsyncLifetime
{
    private ChildProcess? _redis;
    private ChildProcess? _chat;

    public int RedisPort { get; private set; }

    /// <summary>Redis' Unix socket, where a shaped run reads INFO (not behind the shaped link).</summary>
    public string RedisSocket { get; private set; } = "";

    public int ChatPort { get; private set; }

    public int ChatPid => _chat?.Id ?? 0;

    public int RedisPid => _redis?.Id ?? 0;

    public string Url(string room) => $"ws://127.0.0.1:{ChatPort}/ws/{room}";

    /// <summary>The chat server's Chat:Subscription.</summary>
    protected virtual string Subscription => "per-connection";

    public async ValueTask InitializeAsync()
    {
        RedisPort = FreePort();
        RedisSocket = Path.Combine(Path.GetTempPath(), $"fanoutsim-loadgen-{Environment.ProcessId}-{RedisPort}.sock");
        _redis = new ChildProcess("/usr/bin/redis-server",
            ["--port", RedisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--unixsocket", RedisSocket, "--unixsocketperm", "700"]);
        await WaitAsync(() => RedisAnswersAsync(RedisPort), TimeSpan.FromSeconds(10), () => "redis: " + _redis.Output);

        Assert.True(File.Exists(RepoPaths.ChatServerDll), "chat server not built: " + RepoPaths.ChatServerDll);
        ChatPort = FreePort();
        _chat = new ChildProcess("dotnet", [RepoPaths.ChatServerDll, "--urls", $"http://127.0.0.1:{ChatPort}",
            $"--Chat:Redis=127.0.0.1:{RedisPort}", $"--Chat:Subscription={Subscription}",
            "--Chat:InstanceId=loadgen-tests"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri($"http://127.0.0.1:{ChatPort}/healthz"))).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), () => "chat server: " + _chat.Output);
    }

    public ValueTask DisposeAsync()
    {
        _chat?.Dispose();
        _redis?.Dispose();
        File.Delete(RedisSocket);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<bool> RedisAnswersAsync(int port) =>
        await RedisInfoProbe.ReadAsync(new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(1)) is not null;

    private static async Task WaitAsync(Func<Task<bool>> ready, TimeSpan limit, Func<string> diagnostics)
    {
        DateTime until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (await ready())
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not ready within {limit}: {diagnostics()}");
    }
}

/// <summary>The same servers with the chat server in per-task mode.</summary>
public sealed class LivePerTaskServers : LiveServers
{
    protected override string Subscription => "per-task";
}
