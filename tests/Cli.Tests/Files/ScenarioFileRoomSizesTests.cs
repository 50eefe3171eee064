using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// A room class's `size` is a number or a distribution (uniform, zipf, lognormal); impossible parameters are refused
/// at the size's own key with exit 2 and nothing written.
/// </summary>
public class ScenarioFileRoomSizesTests
{
    // Line 7 is `rooms:`; the class's `size:` mapping starts on line 10.
    private const string Head = """
        name: sizes
        interval: 1s
        session: 10s
        sessions: 1
        redis_egress_mbps: 100
        seed: 7
        rooms:
          - count: 40
            size:
              distribution: 
        """;

    private static Scenario Load(string yaml)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("sizes.yaml", yaml));
    }

    [Fact]
    public void A_zipf_class_defaults_its_smallest_room_to_two_and_counts_its_members_as_users()
    {
        Scenario s = Load(Head + "zipf\n      exponent: 1.5\n      max: 100\n");
        RoomClass rooms = Assert.Single(s.Workload.Rooms!);
        Assert.Equal(new ZipfRoomSizes(1.5, 2, 100), rooms.Distribution);
        Assert.Equal(rooms.RoomSizes().Sum(), s.Workload.Users);
        Assert.True(s.Workload.Users > 80);
    }

    [Fact]
    public void Uniform_and_lognormal_classes_are_read_with_their_parameters()
    {
        Assert.Equal(new UniformRoomSizes(3, 9),
            Load(Head + "uniform\n      min: 3\n      max: 9\n").Workload.Rooms![0].Distribution);
        Assert.Equal(new LogNormalRoomSizes(12, 0.8, 2, 300),
            Load(Head + "lognormal\n      median: 12\n      sigma: 0.8\n      max: 300\n").Workload.Rooms![0]
                .Distribution);
    }

    [Theory]
    [InlineData("gaussian\n      max: 9\n", "10:21", "rooms[0].size.distribution", "expected one of uniform, zipf")]
    [InlineData("uniform\n      max: 9\n", "10:7", "rooms[0].size.min", "missing")]
    [InlineData("zipf\n      exponent: 0\n      max: 9\n", "11:17", "rooms[0].size.exponent", "more than 0")]
    [InlineData("zipf\n      exponent: 1.2\n      max: 1\n", "12:12", "rooms[0].size.max", "at least 2")]
    [InlineData("lognormal\n      median: 10\n      sigma: 1\n      max: 50\n      shape: 3\n", "14:7",
        "rooms[0].size.shape", "unknown key")]
    public void Impossible_distributions_are_refused_at_their_key(string rest, string position, string key,
        string words)
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", Head + rest);
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"bad.yaml:{position}: key '{key}': ", result.Stderr);
        Assert.Contains(words, result.Stderr);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void A_run_of_spread_rooms_names_the_distribution_in_its_summary()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("run.yaml", Head + "uniform\n      min: 2\n      max: 6\n");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("room classes (rooms x members):", result.Stdout);
        Assert.Contains("40 x (uniform 2-6; mean 4)", result.Stdout);
    }
}
