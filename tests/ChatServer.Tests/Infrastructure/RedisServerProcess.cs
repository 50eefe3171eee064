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
    public static async Task<RedisServerProcess> StartAsync(params string[] extraArgs)
    {
        var server = new RedisServerProcess(FreePort(), extraArgs);
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

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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

    private static string FindRedisServer()
    {
        var candidates = new List<string>();
        string? fromEnv = Environment.GetEnvironmentVariable("REDIS_SERVER");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            candidates.Add(fromEnv);
        }

        candidates.Add("/usr/bin/redis-server");
        candidates.Add("/usr/local/bin/redis-server");
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, "redis-server"));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server was not found (looked at $REDIS_SERVER, /usr/bin, /usr/local/bin and $PATH). "
                + "The ChatServer integration tests need a real Redis: apt-get install -y redis-server");
    }

    private async Task LaunchAsync()
    {
        var startInfo = new ProcessStartInfo(FindRedisServer())
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
