using System.Text.Json;

namespace FanoutSim.Cli.Tests.Planning;

/// <summary>`plan --scenario ROOMS`: users from the rooms, Redis layouts searched, priced per shard.</summary>
[Collection("cli")]
public class PlanRoomsTests
{
    /// <summary>Forty rooms of ten, one short session: about 8 Mbit/s of copies.</summary>
    private const string FortyRooms = "name: forty-rooms\nrooms:\n  - count: 40\n    size: 10\ninterval: 1s\n" +
        "session: 10s\nsessions: 1\ntasks: 1\nseed: 7\nredis_egress_mbps: 100\n";

    /// <summary>One node type of 6 Mbit/s (one carries too little of the copies, two shards enough) and 1-vCPU tasks.
    /// </summary>
    private const string Catalog = "source: test prices. Nothing else.\nredis_nodes:\n  slow.node:\n" +
        "    baseline_gbps: 0.006\n    burst_gbps: 0.006\n    burst_credit_seconds: 0\n    memory_gb: 1\n" +
        "    dollars_per_hour: 0.01\nfargate:\n  arm64_per_vcpu_hour: 0.03238\n  arm64_per_gb_hour: 0.00356\n" +
        "  x86_per_vcpu_hour: 0.04048\n  x86_per_gb_hour: 0.004445\n  sizes:\n" +
        "    one: { vcpu: 1, min_memory_gb: 2, max_memory_gb: 8 }\n";

    [Fact]
    public void A_rooms_plan_recommends_two_shards_where_one_node_fails_on_its_egress()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("rooms.yaml"), FortyRooms);
        File.WriteAllText(cli.Path("catalog.yaml"), Catalog);
        (int code, string output, string err) = cli.Run("plan", "--scenario", cli.Path("rooms.yaml"),
            "--catalog", cli.Path("catalog.yaml"), "--target", "0.9", "--max-tasks", "3", "--max-shards", "2",
            "--modes", "per-connection", "--top", "1", "-r", "2", "--json", cli.Path("plan.json"));
        Assert.True(code == 0, err);
        Assert.Contains("plan: 400 users in 40 rooms (40 x 10), interval 1 s", output);
        Assert.Contains("millisecond shaping is not modelled", output);
        // Two 1-vCPU tasks ($0.079/h) and two $0.01 shards: the layout, the price split and the room class.
        string winner = output.Split('\n').Single(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        Assert.Contains("2 x slow.node, cluster-sharded", winner);
        Assert.Contains("0.079 + 0.020", winner);
        Assert.Contains("40x10 ", winner);
        // The same two tasks on one node are cheaper and fail on its egress (the bound says so without simulating).
        Assert.Contains("1 by redis egress", output);
        using var json = JsonDocument.Parse(File.ReadAllText(cli.Path("plan.json")));
        JsonElement candidate = json.RootElement.GetProperty("cheapest")[0].GetProperty("candidate");
        Assert.Equal("cluster-sharded", candidate.GetProperty("redis_topology").GetString());
        Assert.Equal(2, candidate.GetProperty("redis_shards").GetInt32());
        JsonElement oneNode = json.RootElement.GetProperty("cheaper_failures").EnumerateArray()
            .Single(f => f.GetProperty("candidate").GetProperty("tasks").GetInt32() == 2);
        Assert.False(oneNode.GetProperty("candidate").TryGetProperty("redis_topology", out _));
        Assert.StartsWith("redis egress offered", oneNode.GetProperty("reason").GetString());
    }

    [Fact]
    public void Users_with_a_rooms_scenario_exit_2_saying_the_rooms_fix_them()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("rooms.yaml"), FortyRooms);
        (int code, string _, string err) = cli.Run("plan", "--users", "40", "--target", "0.9",
            "--scenario", cli.Path("rooms.yaml"), "--json", cli.Path("plan.json"));
        Assert.Equal(2, code);
        Assert.Contains("--users: " + cli.Path("rooms.yaml") + " has rooms:, whose sizes fix the users; leave " +
            "--users out", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal(["rooms.yaml"], cli.Files());
    }

    [Fact]
    public void A_one_room_plan_without_users_exits_2()
    {
        using var cli = new CliHarness();
        (int code, string _, string err) = cli.Run("plan", "--interval", "1s", "--target", "0.9",
            "--scenario", cli.Scenario());
        Assert.Equal(2, code);
        Assert.Contains("--users and --interval are required", err);
    }

    [Fact]
    public void An_unknown_topology_exits_2_naming_the_known_ones()
    {
        using var cli = new CliHarness();
        (int code, string _, string err) = cli.Run("plan", "--users", "20", "--interval", "1s", "--target", "0.9",
            "--scenario", cli.Scenario(), "--redis-topologies", "single,ring");
        Assert.Equal(2, code);
        Assert.Contains("--redis-topologies: unknown topology 'ring'", err);
        Assert.Contains("cluster-sharded", err);
    }
}
