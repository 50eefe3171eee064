using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A workload of several rooms: each message goes to the members of its sender's room only, each class of rooms is
/// reported on its own, and a workload of one room is the single-room model exactly.
/// </summary>
public class RoomsTests
{
    private static Scenario WithRooms(Scenario s, params RoomClass[] rooms) =>
        s with { Workload = s.Workload with { Users = (int)rooms.Sum(c => c.Members), Rooms = rooms } };

    private static ChatOutcome Run(Scenario s, bool exact = false) => new ChatSimulation(s, s.Seed, exact).Run();

    [Theory]
    [InlineData(SubscriptionMode.PerConnection, false)]
    [InlineData(SubscriptionMode.PerTask, false)]
    [InlineData(SubscriptionMode.PerConnection, true)]
    public void One_room_named_as_a_class_is_the_room_without_rooms(SubscriptionMode mode, bool exact)
    {
        Scenario plain = TestScenarios.Room(60, tasks: 2, mode: mode, vcpu: 0.5, ramp: 1);
        ChatOutcome without = Run(plain, exact);
        ChatOutcome with = Run(WithRooms(plain, new RoomClass(1, 60)), exact);
        Assert.Equal(without.Metrics, with.Metrics);
        Assert.Equal(without.Resources, with.Resources);
        Assert.Equal(without.Latency, with.Latency);
        Assert.Null(without.RoomClasses);
        RoomClassMetrics only = Assert.Single(with.RoomClasses!);
        Assert.Equal((with.Metrics.WsMsgsSent, with.Metrics.WsMsgsReceived), ((long)only.Sent, (long)only.Received));
        Assert.Equal(with.Latency, only.Latency);
    }

    [Fact]
    public void Each_class_reports_the_latency_of_its_own_deliveries()
    {
        ChatOutcome o = Run(WithRooms(TestScenarios.Room(1, vcpu: 0.5), new RoomClass(1, 100), new RoomClass(20, 5)));
        LatencySummary big = o.RoomClasses![0].Latency!;
        LatencySummary small = o.RoomClasses[1].Latency!;
        Assert.Equal(o.Latency!.Samples, big.Samples + small.Samples);
        // The big room's members each have twenty times the copies to write: theirs wait longer.
        Assert.True(big.P95 > small.P95, $"p95 big room {big.P95:0.000} s, small rooms {small.P95:0.000} s");
        Assert.InRange(o.Latency.Max, Math.Max(big.Max, small.Max) - 1e-9, Math.Max(big.Max, small.Max) + 1e-9);
    }

    [Fact]
    public void The_totals_are_the_sums_of_the_classes_and_no_message_crosses_a_room()
    {
        ChatOutcome o = Run(WithRooms(TestScenarios.Room(1, tasks: 2, vcpu: 0.5, ramp: 1),
            new RoomClass(9, 10), new RoomClass(1, 50)));
        IReadOnlyList<RoomClassMetrics> classes = o.RoomClasses!;
        Assert.Equal(2, classes.Count);
        Assert.Equal(o.Metrics.WsMsgsSent, (long)classes.Sum(c => c.Sent));
        Assert.Equal(o.Metrics.WsMsgsReceived, (long)classes.Sum(c => c.Received));
        Assert.Equal(o.Metrics.Expected, (long)classes.Sum(c => c.Sent * c.Size));
        Assert.All(classes, c => Assert.InRange(c.Received, 1, c.Expected));
        // 90 of the 140 users are in the small rooms: they make about 90 / 140 of the sends.
        Assert.InRange(classes[0].Sent / o.Metrics.WsMsgsSent, 0.6, 0.69);
    }

    [Fact]
    public void Ten_rooms_of_ten_cost_Redis_a_tenth_of_the_copies_of_one_room_of_a_hundred()
    {
        Scenario one = TestScenarios.Room(100, profile: TestScenarios.Instant);
        ChatOutcome big = Run(one);
        ChatOutcome small = Run(WithRooms(one, new RoomClass(10, 10)));
        double perSendBig = big.RedisEgressBytes / big.Metrics.WsMsgsSent;
        double perSendSmall = small.RedisEgressBytes / small.Metrics.WsMsgsSent;
        Assert.InRange(perSendSmall / perSendBig, 0.09, 0.11);
        // Without queueing both lose only what session gaps lose, in the same proportion.
        Assert.InRange(small.Metrics.DeliveryRatio - big.Metrics.DeliveryRatio, -0.01, 0.01);
    }

    [Fact]
    public void On_a_saturated_task_the_big_room_suffers_first_and_drags_the_small_rooms_down()
    {
        Scenario task = TestScenarios.Room(1, vcpu: 0.5);
        ChatOutcome shared = Run(WithRooms(task, new RoomClass(1, 100), new RoomClass(20, 5)));
        RoomClassMetrics big = shared.RoomClasses![0];
        RoomClassMetrics small = shared.RoomClasses[1];
        Assert.True(shared.Resources[0].Utilization > 0.9, $"task cpu {shared.Resources[0].Utilization:P0}");
        Assert.True(small.DeliveryRatio > big.DeliveryRatio,
            $"small rooms {small.DeliveryRatio:P1}, big room {big.DeliveryRatio:P1}");
        // The same small rooms alone on that task: nothing queues behind a hundred busy writers.
        RoomClassMetrics alone = Run(WithRooms(task, new RoomClass(20, 5))).RoomClasses![0];
        Assert.True(alone.DeliveryRatio > small.DeliveryRatio + 0.3,
            $"small rooms alone {alone.DeliveryRatio:P1}, beside the big room {small.DeliveryRatio:P1}");
    }

    [Fact]
    public void Rooms_keep_their_own_send_times_for_latency()
    {
        ChatOutcome o = Run(WithRooms(TestScenarios.Room(1, profile: TestScenarios.Instant),
            new RoomClass(30, 4), new RoomClass(2, 20)));
        LatencySummary latency = o.Latency!;
        Assert.True(latency.Samples > 100);
        // Nothing queues: a delivery takes the trips to Redis and back to the client, not seconds (a send time
        // read from another room's message would be off by up to the whole run).
        Assert.InRange(latency.Max, 0, 0.2);
    }

    [Fact]
    public void Replications_of_rooms_are_reproducible_and_averaged_class_by_class()
    {
        Scenario s = WithRooms(TestScenarios.Room(1, tasks: 2, vcpu: 0.5, ramp: 1), new RoomClass(5, 8),
            new RoomClass(1, 40)) with
        { Replications = 3 };
        RunReport a = ScenarioRunner.Run(s);
        RunReport b = ScenarioRunner.Run(s);
        Assert.Equal(RunReportJson.Serialize(a), RunReportJson.Serialize(b));
        Assert.Equal(2, a.RoomClasses!.Count);
        // The report's total is a whole number of deliveries; the classes' means are not rounded.
        Assert.Equal(a.Metrics.WsMsgsReceived, a.RoomClasses.Sum(c => c.Received), 0.5);
    }

    [Fact]
    public void A_class_of_spread_sizes_is_its_rooms_listed_one_by_one()
    {
        Scenario s = TestScenarios.Room(1, tasks: 2, vcpu: 0.5, ramp: 1);
        var spread = new RoomClass(3, 0) { Distribution = new UniformRoomSizes(8, 10) };
        ChatOutcome asClass = Run(WithRooms(s, spread));
        ChatOutcome oneByOne = Run(WithRooms(s, new RoomClass(1, 8), new RoomClass(1, 9), new RoomClass(1, 10)));
        Assert.Equal(oneByOne.Metrics, asClass.Metrics);
        RoomClassMetrics only = Assert.Single(asClass.RoomClasses!);
        Assert.Equal((9, "uniform 8-10"), (only.Size, only.Sizes));
        Assert.Equal(oneByOne.RoomClasses!.Sum(c => c.Expected), only.Expected);
    }
}
