using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>The real chat server on real Kestrel at 127.0.0.1 on an ephemeral port.</summary>
public sealed class ChatServerHost : IAsyncDisposable
{
    private bool _stopped;

    private ChatServerHost(WebApplication app, string instanceId, string mode)
    {
        App = app;
        InstanceId = instanceId;
        Mode = mode;
        BaseUri = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
    }

    public WebApplication App { get; }

    public string InstanceId { get; }

    public string Mode { get; }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public static Task<ChatServerHost> StartAsync(RedisServerProcess redis, string mode,
        params string[] extraArgs) => StartAsync(redis.Endpoint, mode, extraArgs);

    /// <summary>A server on any Chat:Redis (a shard list or cluster seeds with --Chat:RedisTopology=...).</summary>
    public static async Task<ChatServerHost> StartAsync(string redis, string mode, params string[] extraArgs)
    {
        string instanceId = "t" + Guid.NewGuid().ToString("N")[..8];
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Chat:Redis={redis}",
            $"--Chat:Subscription={mode}",
            $"--Chat:InstanceId={instanceId}",
            "--Chat:CloseTimeoutMs=2000",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. extraArgs,
        ];
        // The server's warnings go to this test's output, shown with its result when it fails, instead of
        // interleaving every test's log on the console (where CI's excerpt lost the failing test's name).
        ITestOutputHelper? output = TestContext.Current.TestOutputHelper;
        WebApplication app = ChatServerApp.Build(args, logging =>
        {
            logging.ClearProviders();
            if (output is not null)
            {
                logging.AddProvider(new TestOutputLoggerProvider(output));
            }
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.StartAsync(cts.Token);
        return new ChatServerHost(app, instanceId, mode);
    }

    public Task<ChatClient[]> ConnectAsync(string room, int count) => ChatClient.ConnectManyAsync(RoomUri(room), count);

    public Uri RoomUri(string room) => new UriBuilder(BaseUri) { Scheme = "ws", Path = "/ws/" + room }.Uri;

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await Http.GetFromJsonAsync<JsonElement>(path, cts.Token);
    }

    public async Task<JsonElement> MetricsAsync() => await GetJsonAsync("/metrics.json");

    /// <summary>One messages-lost counter from /metrics.json (cause as in LossCauses.Name).</summary>
    public async Task<long> LostAsync(string cause) =>
        (await MetricsAsync()).GetProperty("lost").GetProperty(cause).GetInt64();

    /// <summary>GET /healthz: its HTTP status (200 or 503) and JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using HttpResponseMessage response = await Http.GetAsync("/healthz", cts.Token);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(cts.Token);
        return (response.StatusCode, body);
    }

    /// <summary>Polls /healthz until it answers the given HTTP status.</summary>
    public Task WaitForHealthAsync(HttpStatusCode status, TimeSpan timeout) =>
        Poll.UntilAsync(
            async () => (await HealthAsync()).Status == status,
            timeout,
            () => $"/healthz never answered {(int)status}");

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
