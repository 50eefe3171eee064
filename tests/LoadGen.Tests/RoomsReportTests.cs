using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>A measured run's room classes, as the run file and its expected deliveries record them.</summary>
public class RoomsReportTests
{
    private static readonly LoadPlan s_oneRoom = new([new Uri("ws://127.0.0.1:1/ws/r")], 7, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 1, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerConnection, 2, 1, null,
        new Dictionary<string, string>());

    private static LoadResult Result(long sent, long received) =>
        new(sent, received, 7, 0, 0, 0, [10.0], 10.0, 1.0, 2, false, [], null);

    [Fact]
    public void Each_send_is_expected_by_the_members_of_its_room_only()
    {
        // Rooms 2x2,1x3: users 0-1 in room 0, 2-3 in room 1, 4-6 in room 2.
        var rooms = new RoomLayout(RunSetups.RoomClasses([new RunRoomClass(2, 2), new RunRoomClass(1, 3)]));
        UserTally[] users = Enumerable.Range(0, 7).Select(u => new UserTally { Sent = u + 1, Received = 10 * u })
            .ToArray();
        users[5].Latencies.AddRange([0.25f, 0.5f]);

        IReadOnlyList<RoomClassTally> classes = RoomClassTally.Of(rooms, users);

        // Class 0 sent 1+2 (room 0) and 3+4 (room 1), each owed to 2 members; class 1 sent 5+6+7 to 3 members.
        Assert.Equal((10L, 60L, 20L), (classes[0].Sent, classes[0].Received, classes[0].Expected));
        Assert.Equal((18L, 150L, 54L), (classes[1].Sent, classes[1].Received, classes[1].Expected));
        Assert.Empty(classes[0].Latencies);
        Assert.Equal([0.25f, 0.5f], classes[1].Latencies);
    }

    [Fact]
    public void The_run_file_records_rooms_balancer_topology_and_each_class()
    {
        LoadPlan plan = s_oneRoom with
        {
            Rooms = [new RunRoomClass(2, 2), new RunRoomClass(1, 3)],
            Balancer = LoadBalancing.RoomAffine,
        };
        LoadResult r = Result(28, 190) with
        {
            RoomClasses = [new RoomClassTally(10, 18, 20, [0.1f, 0.2f]), new RoomClassTally(18, 172, 54, [])],
        };
        RunLabels labels = s_labels with { RedisTopology = RedisTopology.ClientSharded, RedisShards = 3 };

        RunReport report = RunReportJson.Deserialize(RunReportJson.Serialize(
            LoadReportBuilder.Build(plan, labels, r, new Dictionary<string, string>())));

        Assert.Equal(plan.Rooms, report.Setup.Rooms);
        Assert.Equal((LoadBalancing.RoomAffine, "client-sharded", (int?)3),
            (report.Setup.LoadBalancer, report.Setup.RedisTopology, report.Setup.RedisShards));
        // The run's expected deliveries are the classes' (sent x room size), not sent x users.
        Assert.Equal(74, report.Metrics.Expected);
        RoomClassMetrics small = report.RoomClasses![0];
        Assert.Equal((2, 2, 10.0, 18.0, 20.0, 0.9, 1.8),
            (small.Rooms, small.Size, small.Sent, small.Received, small.Expected, small.DeliveryRatio,
                small.ReceivedPerSecond));
        Assert.Equal(2, small.Latency!.Samples);
        Assert.Null(report.RoomClasses[1].Latency);
        Assert.Equal("0", report.Environment["foreign_messages"]);
        Assert.Contains("expected (sent x room size).: 74\n", K6Summary.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_messages_are_reported_and_warned_about()
    {
        LoadPlan plan = s_oneRoom with { Rooms = [new RunRoomClass(1, 7)] };
        LoadResult r = Result(10, 70) with { RoomClasses = [new RoomClassTally(10, 70, 70, [])], Foreign = 3 };
        RunReport report = LoadReportBuilder.Build(plan, s_labels, r, new Dictionary<string, string>());
        Assert.Equal("3", report.Environment["foreign_messages"]);
        Assert.Contains("3 messages reached a user of another room", report.Environment["warnings"],
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_in_one_room_writes_none_of_the_room_fields()
    {
        RunReport report = LoadReportBuilder.Build(s_oneRoom, s_labels, Result(10, 60),
            new Dictionary<string, string>());
        string json = RunReportJson.Serialize(report);
        Assert.Equal(70, report.Metrics.Expected);
        Assert.Equal(LoadBalancing.RoundRobin, report.Setup.LoadBalancer);
        Assert.Contains("expected (sent x N).........: 70\n", K6Summary.Format(report), StringComparison.Ordinal);
        foreach (string key in new[] { "\"rooms\"", "\"room_classes\"", "\"redis_topology\"", "\"redis_shards\"",
            "foreign_messages" })
        {
            Assert.DoesNotContain(key, json, StringComparison.Ordinal);
        }
    }
}
