using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, killed on dispose.</summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);
    private readonly string[] _extraArgs;
    private Process? _process;

    private RedisServerProcess(int port, string[] extraArgs)
    {
        Port = port;
        _extraArgs = extraArgs;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server; extra arguments are redis-server options such as "--maxclients", "20".</summary>
    public static Task<RedisServerProcess> StartAsync(params string[] extraArgs) => StartAsync(FreePort(), extraArgs);

    /// <summary>Starts redis-server on <paramref name="port"/> (e.g. one below 55536 for a cluster bus).</summary>
    public static async Task<RedisServerProcess> StartAsync(int port, params string[] extraArgs)
    {
        var server = new RedisServerProcess(port, extraArgs);
        try
        {
            await server.LaunchAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>A free loopback port no higher than <paramref name="maxPort"/>.</summary>
    public static int FreePort(int maxPort = 65535)
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port <= maxPort)
            {
                return port;
            }
        }
    }

    /// <summary>SIGKILL: an outage, not a polite shutdown.</summary>
    public void Kill()
    {
        Process? process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>SIGSTOP: a frozen Redis (the TCP connections stay open, nothing is answered).</summary>
    public void Pause() => Signal(Signals.Stop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(Signals.Continue);

    /// <summary>Starts a fresh server on the same port (Redis binds with SO_REUSEADDR).</summary>
    public Task RestartAsync()
    {
        Kill();
        return LaunchAsync();
    }

    public ValueTask DisposeAsync()
    {
        Resume();
        Kill();
        return ValueTask.CompletedTask;
    }

    private void Signal(int signal)
    {
        if (_process is { HasExited: false } process && !Signals.Send(process.Id, signal))
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed");
        }
    }

    /// <summary>redis-server or redis-cli: $REDIS_SERVER / $REDIS_CLI, /usr/bin, /usr/local/bin, $PATH.</summary>
    public static string FindTool(string tool)
    {
        var candidates = new List<string>();
        string? fromEnv = Environment.GetEnvironmentVariable(tool.Replace('-', '_').ToUpperInvariant());
        if (!string.IsNullOrEmpty(fromEnv))
        {
            candidates.Add(fromEnv);
        }

        candidates.Add("/usr/bin/" + tool);
        candidates.Add("/usr/local/bin/" + tool);
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, tool));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{tool} was not found (looked at ${tool.Replace('-', '_').ToUpperInvariant()}, /usr/bin, "
                + "/usr/local/bin and $PATH). The ChatServer integration tests need a real Redis: "
                + "apt-get install -y redis-server");
    }

    private async Task LaunchAsync()
    {
        var startInfo = new ProcessStartInfo(FindTool("redis-server"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] args =
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", .. _extraArgs,
        ];
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("redis-server did not start");
        // Drain the pipes so a chatty server can never block on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        DateTime deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"redis-server exited with code {process.ExitCode} while starting on port {Port}");
            }

            try
            {
                if (await Resp.ExecAsync(Port, TimeSpan.FromSeconds(1), "PING") is "PONG")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {s_startTimeout}");
            }

            await Task.Delay(50);
        }
    }
}
