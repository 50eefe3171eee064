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
}
