using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests;

/// <summary>
/// Every kind of bad input: one clear line naming file, line, column and key; exit 2; no output file.
/// </summary>
public class BadInputTests
{
    private static void AssertRejected(string yaml, string expectedPosition, string expectedKey, string expectedWords)
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", yaml);
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"bad.yaml:{expectedPosition}", result.Stderr);
        Assert.Contains($"key '{expectedKey}'", result.Stderr);
        Assert.Contains(expectedWords, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(json));
        Assert.Empty(Directory.GetFiles(ws.Root, "result.json*"));
    }

    [Fact]
    public void A_catalog_node_and_a_plain_link_together_are_refused_not_one_of_them_ignored() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_node: cache.t4g.small\nredis_egress_mbps: 100\n", "4:20",
            "redis_egress_mbps", "not both");

    [Fact]
    public void An_unknown_key_is_named_with_its_position() =>
        AssertRejected("users: 10\ninterval: 1s\nuserz: 5\n", "3:1", "userz", "unknown key");

    [Fact]
    public void A_wrong_type_is_named_with_its_position() =>
        AssertRejected("users: many\ninterval: 1s\n", "1:8", "users", "expected a whole number");

    [Fact]
    public void A_negative_interval_is_refused() =>
        AssertRejected("users: 10\ninterval: -1s\n", "2:11", "interval", "more than 0");

    [Fact]
    public void A_zero_interval_is_refused() =>
        AssertRejected("users: 10\ninterval: 0\n", "2:11", "interval", "more than 0");

    [Fact]
    public void A_room_of_zero_users_is_refused() =>
        AssertRejected("users: 0\ninterval: 1s\n", "1:8", "users", "at least 1");

    [Fact]
    public void A_profile_that_does_not_exist_is_refused_with_the_known_ones() =>
        AssertRejected("users: 10\ninterval: 1s\nprofile: go-fast\n", "3:10", "profile", "aws-fargate-python");

    [Fact]
    public void A_redis_node_type_that_is_not_in_the_catalog_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_node: cache.x9.huge\n", "3:13", "redis_node", "cache.t4g.small");

    [Fact]
    public void A_missing_required_key_is_named() =>
        AssertRejected("interval: 1s\n", "1:1", "users", "required");

    [Fact]
    public void Broken_yaml_is_reported_with_its_position()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", "users: 10\ninterval: [1s\n");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:", result.Stderr);
        Assert.Contains("not valid YAML", result.Stderr);
    }

    [Fact]
    public void A_missing_scenario_file_is_reported_by_name()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", Path.Combine(ws.Root, "nope.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.yaml: file not found", result.Stderr);
    }

    [Fact]
    public void A_bad_option_value_exits_2_and_keeps_an_existing_result_file()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        string json = ws.Write("result.json", "{\"kept\": true}");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--replications", "0", "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--replications", result.Stderr);
        Assert.Equal("{\"kept\": true}", File.ReadAllText(json));
    }

    /// <summary>A rooms file whose second class (line 6 on) gets the key under test on line 8.</summary>
    private const string RoomsHead =
        "interval: 1s\nredis_egress_mbps: 100\nrooms:\n  - count: 2\n    size: 5\n  - count: 1\n    size: 10\n";

    [Theory]
    [InlineData("    interval: 0s\n", "8:15", "rooms[1].interval", "more than 0")]
    [InlineData("    sends: sometimes\n", "8:12", "rooms[1].sends", "expected one of ticks, poisson")]
    [InlineData("    send_jitter: -1s\n", "8:18", "rooms[1].send_jitter", "at least 0")]
    [InlineData("    send_jitter: 2s\n", "8:18", "rooms[1].send_jitter", "up to the interval")]
    [InlineData("    message_bytes: 0\n", "8:20", "rooms[1].message_bytes", "at least 1, got 0")]
    [InlineData("    message_bytes: big\n", "8:20", "rooms[1].message_bytes", "expected a whole number")]
    [InlineData("    message_bytes:\n      distribution: zipf\n      max: 9\n", "9:21",
        "rooms[1].message_bytes.distribution", "expected one of uniform, lognormal")]
    [InlineData("    message_bytes:\n      distribution: uniform\n      min: 500\n      max: 100\n", "11:12",
        "rooms[1].message_bytes.max", "at least 500, got 100")]
    [InlineData("    colour: red\n", "8:5", "rooms[1].colour", "unknown key")]
    public void A_room_class_bad_sends_or_message_size_is_refused_at_its_key(string line, string position,
        string key, string words) =>
        AssertRejected(RoomsHead + line, position, key, words);

    [Fact]
    public void A_poisson_class_that_inherits_the_top_level_jitter_is_refused_at_its_sends() =>
        AssertRejected("send_jitter: 200ms\n" + RoomsHead + "    sends: poisson\n", "9:12", "rooms[1].sends",
            "0 with Poisson sends (their gaps are random already) (the class inherits the top-level send_jitter)");

    [Fact]
    public void A_class_message_size_on_a_shaped_node_is_refused_at_its_key() =>
        AssertRejected("interval: 1s\nrooms:\n  - count: 1\n    size: 10\n    message_bytes: 500\n", "5:20",
            "rooms[0].message_bytes", "per-class message sizes are modelled on a fluid link only");
}
