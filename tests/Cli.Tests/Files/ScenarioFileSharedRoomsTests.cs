using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// A room class's `members: shared` fills its rooms from the users the classes before it placed, so those users are in
/// several rooms; `sends: none` is a class whose users send nothing. The users are the members of the other classes;
/// input that cannot be filled is one line naming file, line, column and key; exit 2; nothing written.
/// </summary>
public class ScenarioFileSharedRoomsTests
{
    // Line 7 is `rooms:`; the first class's items start at 8:5, the second class's at 11:5.
    private const string PersonalAndGroups = """
        name: shared
        interval: 1s
        session: 10s
        sessions: 1
        redis_egress_mbps: 100
        seed: 7
        rooms:
          - count: 40
            size: 1
            sends: none
          - count: 8
            size: 5
            members: shared

        """;

    private static Scenario Load(string yaml)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("rooms.yaml", yaml));
    }

    private static void AssertRejected(string yaml, string expectedPosition, string expectedKey, string expectedWords)
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", yaml);
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", scenario, "--json", json]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(ws.Root, "result.json*"));
        Assert.Contains($"bad.yaml:{expectedPosition}: key '{expectedKey}': ", result.Stderr);
        Assert.Contains(expectedWords, result.Stderr);
    }

    [Fact]
    public void A_shared_class_adds_rooms_and_no_users()
    {
        Workload w = Load(PersonalAndGroups).Workload;
        Assert.Equal(40, w.Users);
        Assert.Equal(RoomMembership.New, w.RoomClasses[0].Membership);
        Assert.Equal(RoomMembership.Shared, w.RoomClasses[1].Membership);
        Assert.Equal(SendProcess.None, w.TimingOf(w.RoomClasses[0]).Sends);
        Assert.True(w.SharesMembers);
    }

    [Fact]
    public void Members_new_is_the_default_written_out() =>
        Assert.Equal(80, Load(PersonalAndGroups.Replace("members: shared", "members: new")).Workload.Users);

    [Fact]
    public void Users_given_beside_shared_rooms_are_the_members_of_the_other_classes() =>
        Assert.Equal(40, Load("users: 40\n" + PersonalAndGroups).Workload.Users);

    [Fact]
    public void A_shared_first_class_is_refused_at_its_members_key() =>
        AssertRejected(PersonalAndGroups.Replace("    sends: none", "    members: shared"), "10:14",
            "rooms[0].members", "must be new in the first room class");

    [Fact]
    public void A_shared_room_larger_than_the_users_before_it_is_refused_at_its_size() =>
        AssertRejected(PersonalAndGroups.Replace("size: 5", "size: 41"), "12:11", "rooms[1].size",
            "must be at most 40 members, the users of the classes before it");

    [Fact]
    public void An_unknown_membership_is_refused_with_the_known_ones() =>
        AssertRejected(PersonalAndGroups.Replace("members: shared", "members: old"), "13:14", "rooms[1].members",
            "new, shared");

    [Fact]
    public void Users_counting_a_shared_class_are_refused() =>
        AssertRejected("users: 80\n" + PersonalAndGroups, "1:8", "users", "the members of the rooms (40), not 80");

    [Fact]
    public void A_session_law_on_a_shared_class_is_refused_at_its_key() =>
        AssertRejected(PersonalAndGroups.Replace("members: shared", "members: shared\n    session: 5s"), "14:14",
            "rooms[1].session", "a user's sessions follow the class of its first room");

    [Fact]
    public void No_sends_at_the_top_level_is_refused() =>
        AssertRejected(PersonalAndGroups.Replace("interval: 1s", "interval: 1s\nsends: none"), "3:8", "sends",
            "ticks or poisson at the top level");

    [Fact]
    public void The_run_summary_names_a_shared_class_and_one_that_sends_nothing()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("shared.yaml", PersonalAndGroups);
        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", scenario]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(members shared)", result.Stdout);
        Assert.Contains("(sends none)", result.Stdout);
    }
}
