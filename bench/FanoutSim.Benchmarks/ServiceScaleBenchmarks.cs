using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Benchmarks;

/// <summary>
/// Issue 16's scale target: scenarios/service-1m.yaml (a million connections in 100,000 Zipf-sized rooms, ten
/// simulated minutes) as one replication. A run takes a minute or more, so one measured run after one warm-up:
/// `dotnet run -c Release --project bench/FanoutSim.Benchmarks -- --filter '*ServiceScale*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 1)]
public class ServiceScaleBenchmarks
{
    private Scenario _scenario = null!;

    [Params("round-robin", "room-affine")]
    public string LoadBalancer { get; set; } = "";

    [GlobalSetup]
    public void Setup() =>
        _scenario = ScenarioFile.Load(ScenarioFiles.Find("service-1m.yaml"),
            overrides: new Dictionary<string, string> { ["load_balancer"] = LoadBalancer });

    [Benchmark(Description = "service-1m: 1 M connections, 100 k Zipf rooms, 10 min")]
    public long ServiceOneMillion() => new ChatSimulation(_scenario, _scenario.Seed).Run().Metrics.WsMsgsReceived;
}
