namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>
/// One 3-master Redis Cluster and three standalone servers (client shards 0, 1, 2), started once for every test in
/// the <see cref="RedisTopologiesCollection"/> (forming a cluster takes seconds) and always stopped.
/// </summary>
public sealed class RedisTopologiesFixture : IAsyncLifetime
{
    public const int Shards = 3;

    private readonly List<RedisServerProcess> _standalone = [];
    private RedisClusterProcess? _cluster;

    public RedisClusterProcess Cluster => _cluster ?? throw new InvalidOperationException("not started");

    /// <summary>Standalone servers in shard order: shard i = Standalone[i].</summary>
    public IReadOnlyList<RedisServerProcess> Standalone => _standalone;

    /// <summary>Chat:Redis for client-sharded: the standalone endpoints in shard order.</summary>
    public string ShardList => string.Join(",", _standalone.Select(s => s.Endpoint));

    /// <summary>Chat:Redis for a topology (the text of RedisTopologyText).</summary>
    public string RedisFor(string topology) => topology == "client-sharded" ? ShardList : Cluster.Seeds;

    /// <summary>The servers of a topology's shards in order (standalone for client-sharded, or masters).</summary>
    public IReadOnlyList<RedisServerProcess> ShardsFor(string topology) =>
        topology == "client-sharded" ? Standalone : Cluster.Masters;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _cluster = await RedisClusterProcess.StartAsync(Shards);
            for (int i = 0; i < Shards; i++)
            {
                _standalone.Add(await RedisServerProcess.StartAsync());
            }
        }
        catch
        {
            // Whatever started is stopped even when the fixture never comes up.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RedisServerProcess server in _standalone)
        {
            await server.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Tests sharing the one cluster and the standalone shards; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class RedisTopologiesCollection : ICollectionFixture<RedisTopologiesFixture>
{
    public const string Name = "redis-topologies";
}
