namespace FanoutSim.Cli.Tests.Planning;

[Collection("cli")]
public class CapacityPlanCommandTests
{
    private const string Rooms =
        "interval: 1s\nsessions: 1\nredis_egress_mbps: 100\nrooms:\n  - count: 2\n    size: 10\n";

    [Fact]
    public void Capacity_reports_the_largest_room_and_the_limiting_resource()
    {
        using var cli = new CliHarness();
        (int code, string? output, string _) = cli.Run("capacity", cli.Scenario(), "--target", "0.9", "-r", "2",
            "--max-users", "300", "--json", cli.Path("cap.json"));
        Assert.Equal(0, code);
        Assert.Contains("largest N:", output);
        Assert.Contains("limited by: task-0 cpu", output);
        Assert.Contains("fluid bound: N <=", output);
        Assert.True(File.Exists(cli.Path("cap.json")));
    }

    [Fact]
    public void An_unreachable_absolute_target_exits_2_with_the_reason()
    {
        using var cli = new CliHarness();
        // At interval 4.97 s the second tick comes back after its sender's close: 20 users score at most 97.5 %.
        (int code, string _, string? err) = cli.Run("capacity", cli.Scenario(), "--target", "0.98",
            "--set", "interval=4.97s");
        Assert.Equal(2, code);
        Assert.Contains("--relative", err);
    }

    [Fact]
    public void Plan_lists_the_cheapest_passing_configuration_with_its_cost()
    {
        using var cli = new CliHarness();
        (int code, string? output, string _) = cli.Run("plan", "--users", "40", "--interval", "1s", "--target", "0.95",
            "--relative", "--scenario", cli.Scenario(), "--max-tasks", "4", "--top", "1", "-r", "2",
            "--redis-nodes", "cache.t4g.small");
        Assert.Equal(0, code);
        Assert.Contains("rank  $/hour", output);
        Assert.Contains("why cheaper ones fail:", output);
    }

    [Fact]
    public void Plan_with_a_node_the_catalog_lacks_exits_2()
    {
        using var cli = new CliHarness();
        (int code, string _, string? err) = cli.Run("plan", "--users", "40", "--interval", "1s", "--target", "0.9",
            "--scenario", cli.Scenario(), "--redis-nodes", "cache.x9.huge", "--json", cli.Path("plan.json"));
        Assert.Equal(2, code);
        Assert.Contains("no node 'cache.x9.huge'", err);
        Assert.False(File.Exists(cli.Path("plan.json")));
    }

    [Fact]
    public void A_scenario_naming_a_node_missing_from_its_catalog_exits_2()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("catalog.yaml"),
            "redis_nodes:\n  only.node:\n    baseline_gbps: 1\n" +
            "fargate:\n  arm64_per_vcpu_hour: 0.03\n  arm64_per_gb_hour: 0.003\n" +
            "  x86_per_vcpu_hour: 0.04\n  x86_per_gb_hour: 0.004\n");
        string scenario = cli.Scenario("nodes", extra: "catalog: catalog.yaml\nredis_node: cache.t4g.small\n");
        (int code, string _, string? err) = cli.Run("sweep", scenario, "--vary", "users=10,20", "-o", cli.Path("out"));
        Assert.Equal(2, code);
        Assert.Contains("cache.t4g.small", err);
        Assert.False(File.Exists(cli.Path("out.json")));
    }

    [Fact]
    public void Capacity_of_a_rooms_scenario_scales_the_whole_service_and_reports_each_room_class()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("rooms.yaml"), Rooms + "  - count: 1\n    size: 30\n");
        (int code, string? output, string _) = cli.Run("capacity", cli.Path("rooms.yaml"), "--target", "0.9", "-r",
            "2", "--max-users", "200", "--json", cli.Path("cap.json"));
        Assert.Equal(0, code);
        Assert.Contains("service:   3 rooms (2 x 10, 1 x 30), 50 users; scaled by k", output);
        Assert.Contains("largest scale: k = ", output);
        Assert.Matches(@"room classes at k = [0-9.]+: \d+ x 10 [0-9.]+ %, \d+ x 30 [0-9.]+ %", output);
        Assert.Contains("limited by: ", output);
        Assert.Contains("\"answer\"", File.ReadAllText(cli.Path("cap.json")));
    }

    [Fact]
    public void Capacity_of_rooms_whose_smallest_service_is_above_max_users_exits_2_and_writes_nothing()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("rooms.yaml"), Rooms + "  - count: 1\n    size: 30\n");
        (int code, string _, string? err) = cli.Run("capacity", cli.Path("rooms.yaml"), "--target", "0.9",
            "--max-users", "30", "--json", cli.Path("cap.json"));
        Assert.Equal(2, code);
        Assert.Contains("rooms.yaml: no scale of the service has 2..30 users (--min-users/--max-users); " +
            "the smallest, k = 0.5, has 40", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal(["rooms.yaml"], cli.Files());
    }

}
