using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Benchmarks;

/// <summary>
/// Classic Redis Cluster pub/sub on plainly shaped links (scenarios/cluster-classic-vs-sharded.yaml: 600 rooms of
/// 10, 128 Mbit/s per master), where each master's egress is one FIFO that its bus links keep segments standing in
/// (WindowedFifoLink): one replication per shard count. A run takes seconds, so one measured run after one warm-up:
/// `dotnet run -c Release --project bench/FanoutSim.Benchmarks -- --filter '*ClassicCluster*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 1)]
public class ClassicClusterBenchmarks
{
    private Scenario _scenario = null!;

    [Params(3, 6)]
    public int Shards { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _scenario = ScenarioFile.Load(ScenarioFiles.Find("cluster-classic-vs-sharded.yaml"),
            overrides: new Dictionary<string, string>
            {
                ["redis_topology"] = "cluster",
                ["redis_shards"] = Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    [Benchmark(Description = "classic cluster, 600 rooms of 10, shaped 128 Mbit/s masters")]
    public long ClassicCluster() => new ChatSimulation(_scenario, _scenario.Seed).Run().Metrics.WsMsgsReceived;
}
