using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// `rooms:` in a scenario: a list of room classes, each a count of rooms of one size; the users are their members.
/// Every wrong shape or value is one line naming file, line, column and key; exit 2; nothing written.
/// </summary>
public class ScenarioFileRoomsTests
{
    // Line 7 is `rooms:`; the first class's `count` is at 8:5 (its value at 8:12), its `size` value at 9:11.
    private const string Head = """
        name: rooms
        interval: 1s
        session: 10s
        sessions: 1
        redis_egress_mbps: 100
        seed: 7

        """;

    private const string TwoClasses = Head + """
        rooms:
          - count: 3
            size: 10
          - count: 1
            size: 20

        """;

    private static Scenario Load(string yaml)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("rooms.yaml", yaml));
    }

    private static CliProcess.Result Refused(string yaml, params string[] extra)
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", yaml);
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", scenario, "--json", json, .. extra]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(ws.Root, "result.json*"));
        return result;
    }

    private static void AssertRejected(string yaml, string expectedPosition, string expectedKey, string expectedWords)
    {
        CliProcess.Result result = Refused(yaml);
        Assert.Contains($"bad.yaml:{expectedPosition}: key '{expectedKey}': ", result.Stderr);
        Assert.Contains(expectedWords, result.Stderr);
    }

    [Fact]
    public void A_rooms_file_without_users_has_every_member_of_every_room_as_its_users()
    {
        Scenario scenario = Load(TwoClasses);

        Assert.Equal(50, scenario.Workload.Users);
        Assert.Equal(new RoomClass[] { new(3, 10), new(1, 20) }, scenario.Workload.Rooms);
        Assert.True(scenario.Workload.SeveralRooms);
    }

    [Fact]
    public void A_rooms_file_may_give_users_when_they_are_the_members() =>
        Assert.Equal(50, Load("users: 50\n" + TwoClasses).Workload.Users);

    [Fact]
    public void One_room_given_as_rooms_keeps_the_shaped_default_redis_node()
    {
        Scenario scenario = Load("interval: 1s\nrooms:\n  - count: 1\n    size: 30\n");

        Assert.Equal(30, scenario.Workload.Users);
        Assert.False(scenario.Workload.SeveralRooms);
        Assert.NotNull(scenario.Deployment.RedisNode.Shaping);
    }

    [Fact]
    public void A_scenario_without_rooms_has_none() => Assert.Null(Load(Head + "users: 20\n").Workload.Rooms);

    [Fact]
    public void Rooms_that_are_not_a_list_are_refused_with_what_a_list_looks_like() =>
        AssertRejected(Head + "rooms: 5\n", "7:8", "rooms",
            "expected a list of room classes, each '- count: N' with 'size: M'");

    [Fact]
    public void A_room_class_that_is_not_a_mapping_is_refused_at_its_item() =>
        AssertRejected(Head + "rooms:\n  - 5\n", "8:5", "rooms[0]", "expected a list of room classes");

    [Fact]
    public void An_empty_list_of_rooms_is_refused() =>
        AssertRejected(Head + "rooms: []\n", "7:8", "rooms", "at least one room class");

    [Fact]
    public void A_room_class_of_size_zero_is_refused_at_its_size() =>
        AssertRejected(TwoClasses.Replace("size: 10", "size: 0"), "9:11", "rooms[0].size",
            "expected a whole number of at least 1, got 0");

    [Fact]
    public void A_negative_room_count_is_refused_at_its_count() =>
        AssertRejected(TwoClasses.Replace("count: 3", "count: -1"), "8:12", "rooms[0].count",
            "expected a whole number of at least 1, got -1");

    [Fact]
    public void A_room_class_without_a_size_is_refused_as_missing_it() =>
        AssertRejected(Head + "rooms:\n  - count: 3\n", "8:5", "rooms[0].size", "required");

    [Fact]
    public void An_unknown_key_in_a_room_class_is_refused_with_the_known_ones() =>
        AssertRejected(TwoClasses.Replace("size: 20", "size: 20\n    distribution: zipf"), "12:5",
            "rooms[1].distribution",
            "unknown key; expected one of: count, interval, members, message_bytes, reconnect, send_jitter, sends, "
            + "session, size");

    [Fact]
    public void Users_that_differ_from_the_members_of_the_rooms_are_refused() =>
        AssertRejected("users: 40\n" + TwoClasses, "1:8", "users", "the members of the rooms (50), not 40");

    [Fact]
    public void Several_rooms_on_the_shaped_default_redis_node_are_told_to_give_an_egress() =>
        AssertRejected(TwoClasses.Replace("redis_egress_mbps: 100\n", ""), "1:1", "redis_node",
            "give redis_egress_mbps");

    [Fact]
    public void Several_rooms_on_a_shaped_catalog_node_are_refused_at_the_node() =>
        AssertRejected(TwoClasses.Replace("redis_egress_mbps: 100", "redis_node: cache.t4g.medium"), "5:13",
            "redis_node", "give redis_egress_mbps");

    [Fact]
    public void Several_rooms_run_per_task_with_room_affine_balancing()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("rooms.yaml",
            "subscription: per-task\nload_balancer: room-affine\ntasks: 2\n" + TwoClasses);
        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", scenario]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 task(s) x 1 vCPU, room-affine, per-task subscriptions", result.Stdout);
        Assert.Contains("3 x 10", result.Stdout);
    }

    [Fact]
    public void Several_rooms_with_a_pubsub_buffer_limit_are_refused_at_the_key_given() =>
        AssertRejected("redis_pubsub_soft_mb: 8\n" + TwoClasses, "1:23", "redis_pubsub_soft_mb", "left out");

    [Fact]
    public void Rooms_set_on_the_command_line_are_refused_as_not_a_list()
    {
        CliProcess.Result result = Refused(Head + "users: 20\n", "--set", "rooms=3");

        Assert.Contains("bad.yaml (overridden on the command line): key 'rooms': expected a list of room classes, " +
            "each '- count: N' with 'size: M'", result.Stderr);
    }

    [Fact]
    public void Several_rooms_are_refused_by_the_exact_path() =>
        Assert.Contains("--exact does not model several rooms yet", Refused(TwoClasses, "--exact").Stderr);
}
