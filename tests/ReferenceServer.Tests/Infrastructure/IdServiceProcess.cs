using System.Net;
using System.Net.Sockets;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>The bundled snowflake id service (id_service.py) on a free loopback port.</summary>
public sealed class IdServiceProcess : IAsyncDisposable
{
    private static readonly IFormatProvider s_invariant = System.Globalization.CultureInfo.InvariantCulture;
    private readonly ChildProcess _process;

    private IdServiceProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Target => $"127.0.0.1:{Port}";

    public static async Task<IdServiceProcess> StartAsync()
    {
        string python = await PythonEnvironment.PythonAsync();
        int port = RedisServerProcess.FreePort();
        var process = ChildProcess.Start(
            python, PythonEnvironment.SourceDirectory, ["id_service.py", "--port", port.ToString(s_invariant)]);
        var service = new IdServiceProcess(process, port);
        try
        {
            await Poll.UntilAsync(
                async () => process.HasExited || await AcceptsAsync(port),
                TimeSpan.FromSeconds(15),
                () => $"id_service.py did not listen on {port}: {process.Output}");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"id_service.py exited {process.ExitCode}: {process.Output}");
            }
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
