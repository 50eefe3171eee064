using System.Net.Http.Json;
using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>The Python chat server (server.py) as a child process on a free loopback port.</summary>
public sealed class ReferenceServerProcess : IAsyncDisposable
{
    private ReferenceServerProcess(ChildProcess process, int port, string instanceId, string mode)
    {
        Process = process;
        Port = port;
        InstanceId = instanceId;
        Mode = mode;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string InstanceId { get; }

    public string Mode { get; }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public static async Task<ReferenceServerProcess> StartAsync(
        RedisServerProcess redis, IdServiceProcess ids, string mode, params string[] extraArgs)
    {
        string python = await PythonEnvironment.PythonAsync();
        int port = RedisServerProcess.FreePort();
        string instanceId = "p" + Guid.NewGuid().ToString("N")[..8];
        string[] args =
        [
            "server.py",
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--redis", redis.Endpoint,
            "--id-service", ids.Target,
            "--subscription", mode,
            "--instance-id", instanceId,
            "--close-timeout-ms", "2000",
            .. extraArgs,
        ];
        var process = ChildProcess.Start(python, PythonEnvironment.SourceDirectory, args);
        var server = new ReferenceServerProcess(process, port, instanceId, mode);
        try
        {
            await Poll.UntilAsync(
                async () => process.HasExited || await server.IsHealthyAsync(),
                TimeSpan.FromSeconds(20),
                () => $"server.py did not answer /healthz on {port}: {process.Output}");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server.py exited {process.ExitCode}: {process.Output}");
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public Uri RoomUri(string room) => new UriBuilder(BaseUri) { Scheme = "ws", Path = "/ws/" + room }.Uri;

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await Http.GetFromJsonAsync<JsonElement>(path, cts.Token);
    }

    public Task<JsonElement> MetricsAsync() => GetJsonAsync("/metrics.json");

    public async Task<ChatClient[]> ConnectAsync(string room, int count) =>
        await ChatClient.ConnectManyAsync(RoomUri(room), count);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using HttpResponseMessage response = await Http.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
