using System.Diagnostics;
using System.Globalization;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster of <see cref="Masters"/> masters and no replicas on loopback, made as an operator makes one:
/// cluster-enabled redis-servers joined by `redis-cli --cluster create` (masters in the order given, so master i gets
/// the i-th even slot range, as HashSlots assumes). Every server and the temporary directory go on dispose.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_formTimeout = TimeSpan.FromSeconds(20);
    private readonly List<RedisServerProcess> _servers = [];
    private readonly string _directory;

    private RedisClusterProcess(string directory)
    {
        _directory = directory;
    }

    /// <summary>The masters in creation order: master i owns HashSlots' shard i.</summary>
    public IReadOnlyList<RedisServerProcess> Masters => _servers;

    /// <summary>All masters as seeds, the form Chat:Redis takes for the cluster topologies.</summary>
    public string Seeds => string.Join(",", _servers.Select(s => s.Endpoint));

    public static async Task<RedisClusterProcess> StartAsync(int masters)
    {
        string directory = Directory.CreateTempSubdirectory("fanoutsim-cluster-").FullName;
        var cluster = new RedisClusterProcess(directory);
        try
        {
            for (int i = 0; i < masters; i++)
            {
                // The cluster bus listens on port + 10000, so the client port must leave room for it.
                int port = RedisServerProcess.FreePort(maxPort: 65535 - 10000);
                string configFile = Path.Combine(directory, $"nodes-{port}.conf");
                cluster._servers.Add(await RedisServerProcess.StartAsync(
                    port, "--cluster-enabled", "yes", "--cluster-config-file", configFile, "--dir", directory));
            }

            await cluster.CreateAsync();
            await cluster.WaitUntilFormedAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RedisServerProcess server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its file; the directory is under /tmp.
        }
    }

    private async Task CreateAsync()
    {
        var startInfo = new ProcessStartInfo(RedisServerProcess.FindTool("redis-cli"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("--cluster");
        startInfo.ArgumentList.Add("create");
        foreach (RedisServerProcess server in _servers)
        {
            startInfo.ArgumentList.Add(server.Endpoint);
        }

        startInfo.ArgumentList.Add("--cluster-replicas");
        startInfo.ArgumentList.Add("0");
        startInfo.ArgumentList.Add("--cluster-yes");
        using Process process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("redis-cli did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(s_formTimeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli --cluster create exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    /// <summary>Every master reports cluster_state:ok and knows all the others.</summary>
    private Task WaitUntilFormedAsync() =>
        Poll.UntilAsync(
            async () =>
            {
                foreach (RedisServerProcess server in _servers)
                {
                    string info = (string)(await Resp.ExecAsync(
                        server.Port, TimeSpan.FromSeconds(2), "CLUSTER", "INFO"))!;
                    if (!info.Contains("cluster_state:ok", StringComparison.Ordinal)
                        || !info.Contains(
                            "cluster_known_nodes:" + _servers.Count.ToString(CultureInfo.InvariantCulture),
                            StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            },
            s_formTimeout,
            () => "the Redis Cluster did not reach cluster_state:ok on every master");
}
