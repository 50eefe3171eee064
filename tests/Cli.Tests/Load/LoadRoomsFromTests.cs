using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Load;

/// <summary>`fanoutsim load --rooms-from`: the scenario is read and checked as `run` reads it, before anything runs.
/// </summary>
public class LoadRoomsFromTests
{
    /// <summary>A rooms file whose second class (line 7 on) gets the key under test on line 9.</summary>
    private const string RoomsHead = "interval: 1s\nredis_node: local-unshaped\nprofile: local\nrooms:\n"
        + "  - count: 2\n    size: 5\n  - count: 1\n    size: 10\n";

    private static CliProcess.Result Load(ScenarioWorkspace ws, string yaml, params string[] more)
    {
        string scenario = ws.Write("traffic.yaml", yaml);
        return CliProcess.Run(ws.Root, ["load", "--url", "ws://127.0.0.1:9/ws/room", "--rooms-from", scenario,
            "--json", Path.Combine(ws.Root, "run.json"), .. more]);
    }

    private static void AssertRejected(string yaml, string position, string key, string words)
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Load(ws, yaml);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"traffic.yaml:{position}", result.Stderr);
        Assert.Contains($"key '{key}'", result.Stderr);
        Assert.Contains(words, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(ws.Root, "run.json")));
    }

    [Fact]
    public void Help_describes_rooms_from()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--rooms-from", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    interval: 0s\n", "9:15", "rooms[1].interval", "more than 0")]
    [InlineData("    sends: sometimes\n", "9:12", "rooms[1].sends", "expected one of ticks, poisson")]
    [InlineData("    send_jitter: 2s\n", "9:18", "rooms[1].send_jitter", "up to the interval")]
    [InlineData("    message_bytes: 150\n", "9:20", "rooms[1].message_bytes",
        "'message_bytes' must be at least 200 bytes for a real run (got 150)")]
    [InlineData("    message_bytes:\n      distribution: uniform\n      min: 300\n      max: 9000\n", "10:7",
        "rooms[1].message_bytes", "bytes for a real run (got 9000)")]
    public void A_class_the_simulator_or_a_real_run_refuses_is_named_at_its_key(string line, string position,
        string key, string words) =>
        AssertRejected(RoomsHead + line, position, key, words);

    [Fact]
    public void A_scenario_without_rooms_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_node: local-unshaped\nprofile: local\n", "1:1", "rooms",
            "'rooms' must be a list of room classes for --rooms-from");

    [Fact]
    public void Members_that_are_not_the_users_and_rooms_beside_rooms_from_are_named_and_nothing_is_run()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Load(ws, RoomsHead, "--users", "12", "--rooms", "2x6");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("fanoutsim load: --rooms and --rooms-from: give one", result.Stderr);
        result = Load(ws, RoomsHead, "--users", "12");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds 20 members but --users is 12", result.Stderr);
        Assert.False(File.Exists(Path.Combine(ws.Root, "run.json")));
    }
}
