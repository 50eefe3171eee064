using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>The chat server as its own process, so its resident memory can be measured on its own.</summary>
public sealed class ChatServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChatServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public static async Task<ChatServerProcess> StartAsync(RedisServerProcess redis, string mode,
        params string[] extraArgs)
    {
        int port = RedisServerProcess.FreePort();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "FanoutSim.ChatServer.dll"),
            "--urls", $"http://127.0.0.1:{port}", $"--Chat:Redis={redis.Endpoint}", $"--Chat:Subscription={mode}",
            .. extraArgs,
        ];
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        Process process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ChatServerProcess(process, port);
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return (await server.Http.GetAsync("/healthz")).IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            () => "the server process never became healthy");
        return server;
    }

    public Uri RoomUri(string room) => new($"ws://127.0.0.1:{Port}/ws/{room}");

    /// <summary>SIGSTOP: a frozen server (its sockets stay open and nothing is read from them).</summary>
    public void Pause() => Signals.Send(_process.Id, Signals.Stop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signals.Send(_process.Id, Signals.Continue);

    public async Task<JsonElement> MetricsAsync() => await Http.GetFromJsonAsync<JsonElement>("/metrics.json");

    /// <summary>Resident set size in MB, from /proc.</summary>
    public double RssMegabytes()
    {
        string line = File.ReadLines($"/proc/{_process.Id}/status")
            .First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
