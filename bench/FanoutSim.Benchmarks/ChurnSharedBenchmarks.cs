using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Benchmarks;

/// <summary>
/// Churn with users in several rooms at a fiftieth of scenarios/centrifugo-like.yaml: 20,000 users in 2,000 groups
/// of ten and each in a personal channel (a shared class that sends nothing), sessions exponential 300 s with 1 s
/// reconnect gaps, 20 per-task tasks, 5 client-sharded Redis nodes, two simulated minutes. Small enough for the
/// suite: `dotnet run -c Release --project bench/FanoutSim.Benchmarks -- --filter '*ChurnShared*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ChurnSharedBenchmarks
{
    private const int Groups = 2_000;

    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        Scenario file = ScenarioFile.Load(ScenarioFiles.Find("centrifugo-like.yaml"));
        IReadOnlyList<RoomClass> rooms = file.Workload.RoomClasses;
        RoomClass groups = rooms[0] with { Count = Groups };
        RoomClass personal = rooms[1] with { Count = Groups * groups.Size };
        _scenario = file with
        {
            Workload = file.Workload with { Users = Groups * groups.Size, Rooms = [groups, personal] },
        };
    }

    [Benchmark(Description = "centrifugo-like / 50: 20 k users, churn, group + personal rooms, 2 min")]
    public long ChurnWithSharedRooms() =>
        new ChatSimulation(_scenario, _scenario.Seed).Run().Metrics.WsMsgsReceived;
}
