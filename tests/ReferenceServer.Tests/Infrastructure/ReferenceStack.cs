using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>A real redis-server and the id service, and the Python server processes using them.</summary>
public sealed class ReferenceStack : IAsyncDisposable
{
    private readonly List<ReferenceServerProcess> _servers = [];

    private ReferenceStack(RedisServerProcess redis, IdServiceProcess ids)
    {
        Redis = redis;
        Ids = ids;
    }

    public RedisServerProcess Redis { get; }

    public IdServiceProcess Ids { get; }

    public ReferenceServerProcess Server => _servers[0];

    public static async Task<ReferenceStack> StartAsync(string mode, params string[] extraArgs)
    {
        // Fail on a missing package before any process is started, with the one line that says what to install.
        await PythonEnvironment.PythonAsync();
        RedisServerProcess redis = await RedisServerProcess.StartAsync();
        IdServiceProcess? ids = null;
        try
        {
            ids = await IdServiceProcess.StartAsync();
            var stack = new ReferenceStack(redis, ids);
            await stack.AddServerAsync(mode, extraArgs);
            return stack;
        }
        catch
        {
            if (ids is not null)
            {
                await ids.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    public async Task<ReferenceServerProcess> AddServerAsync(string mode, params string[] extraArgs)
    {
        ReferenceServerProcess server = await ReferenceServerProcess.StartAsync(Redis, Ids, mode, extraArgs);
        _servers.Add(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ReferenceServerProcess server in _servers)
        {
            await server.DisposeAsync();
        }

        await Ids.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
