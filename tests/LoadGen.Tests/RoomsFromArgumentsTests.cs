using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>`fanoutsim load --rooms-from`: a scenario's rooms, each class with its own traffic, become the plan.
/// </summary>
public class RoomsFromArgumentsTests
{
    /// <summary>30 poisson rooms of 10 and a room of 100 every 2 s (up to 0.5 s late) with drawn sizes, top level
    /// every 1 s.</summary>
    public static Workload Mixed(int smallBytes = 0) => new(400, 1, 10, 2, 1, Rooms:
    [
        new RoomClass(30, 10)
        {
            Sending = new SendOverride(Sends: SendProcess.Poisson),
            MessageSize = smallBytes > 0 ? new MessageSize(smallBytes) : null,
        },
        new RoomClass(1, 100)
        {
            Sending = new SendOverride(2, JitterSeconds: 0.5),
            MessageSize = new MessageSize(0, new UniformRoomSizes(400, 1600)),
        },
    ]);

    private static LoadArguments Args(Workload w, int users = 400, string? rooms = null, string interval = "1s") =>
        new()
        {
            Urls = ["ws://127.0.0.1:5001/ws/room"],
            Users = users,
            RoomsFrom = w,
            RoomsFromFile = "mixed.yaml",
            Rooms = rooms,
            Interval = interval,
        };

    [Fact]
    public void The_scenarios_classes_and_their_traffic_become_the_plans_rooms()
    {
        LoadArguments.Validated? v = Args(Mixed()).Validate(out List<string> errors);
        Assert.Empty(errors);
        LoadPlan plan = v!.Plan;
        Assert.Equal(
            [
                new RunRoomClass(30, 10) { Sends = SendProcess.Poisson },
                new RunRoomClass(1, 100)
                {
                    IntervalSeconds = 2, SendJitterSeconds = 0.5,
                    MessageBytes = new RunMessageSize(Distribution: "uniform", Min: 400, Max: 1600),
                },
            ],
            plan.Rooms!);
        Assert.Equal((TimeSpan.FromSeconds(1), SendProcess.Ticks, TimeSpan.Zero),
            (plan.Interval, plan.Sends, plan.SendJitter));
        // Each class sends as the scenario resolves it.
        Workload w = plan.Workload;
        Assert.Equal(Mixed().RoomClasses.Select(Mixed().TimingOf), w.RoomClasses.Select(w.TimingOf));
    }

    [Fact]
    public void The_scenarios_top_level_timing_is_the_plans_whatever_interval_says()
    {
        Workload w = Mixed() with { IntervalSeconds = 3, Sends = SendProcess.Ticks, SendJitterSeconds = 0.25 };
        LoadPlan plan = Args(w, interval: "9s").Validate(out _)!.Plan;
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25)), (plan.Interval, plan.SendJitter));
    }

    [Fact]
    public void Members_that_are_not_the_users_are_refused() =>
        AssertError(Args(Mixed(), users: 399),
            "--rooms-from: mixed.yaml holds 400 members but --users is 399; the rooms' members must add up to the "
            + "users");

    [Fact]
    public void Rooms_and_rooms_from_together_are_refused() =>
        AssertError(Args(Mixed(), rooms: "40x10"),
            "--rooms and --rooms-from: give one (40x10, or the rooms of mixed.yaml)");

    [Fact]
    public void A_scenario_without_rooms_is_refused() =>
        AssertError(Args(new Workload(400, 1, 10, 2, 1)),
            "--rooms-from: mixed.yaml: 'rooms' must be a list of room classes for --rooms-from");

    [Fact]
    public void A_class_whose_messages_are_smaller_than_the_unpadded_one_is_named() =>
        AssertError(Args(Mixed(smallBytes: 150)),
            "--rooms-from: mixed.yaml: room class 1: 'message_bytes' must be at least 200 bytes for a real run "
            + "(got 150)");

    private static void AssertError(LoadArguments args, string prefix)
    {
        Assert.Null(args.Validate(out List<string> errors));
        Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
    }
}

/// <summary>A run file records each class's traffic, and the run repeats as a scenario that sends the same way.
/// </summary>
public class RoomsTrafficReportTests
{
    private static RunReport Report()
    {
        LoadPlan plan = new LoadArguments
        {
            Urls = ["ws://127.0.0.1:5001/ws/room"],
            Users = 400,
            RoomsFrom = RoomsFromArgumentsTests.Mixed(),
        }.Validate(out _)!.Plan;
        var result = new LoadResult(3000, 30000, 800, 0, 0, 0, [10.0], 20.0, 1.0, 2, false, [], null)
        {
            RoomClasses = [new RoomClassTally(2400, 20000, 24000, []), new RoomClassTally(600, 10000, 60000, [])],
        };
        var labels = new RunLabels("mixed", SubscriptionMode.PerConnection, 2, 0.06, null,
            new Dictionary<string, string>());
        return LoadReportBuilder.Build(plan, labels, result, new Dictionary<string, string>());
    }

    [Fact]
    public void Each_class_reads_back_from_the_run_file_with_its_traffic()
    {
        RunReport report = Report();
        RunReport read = RunReportJson.Deserialize(RunReportJson.Serialize(report));
        Assert.Equal(report.Setup.Rooms!, read.Setup.Rooms!);
        Workload w = RunSetups.Workload(read.Setup);
        Workload mixed = RoomsFromArgumentsTests.Mixed();
        Assert.Equal(mixed.RoomClasses.Select(mixed.TimingOf), w.RoomClasses.Select(w.TimingOf));
        Assert.Equal(mixed.RoomClasses.Select(c => c.MessageSize), w.RoomClasses.Select(c => c.MessageSize));
    }

    [Fact]
    public void The_classes_metrics_name_their_traffic_as_a_simulated_runs_do()
    {
        IReadOnlyList<RoomClassMetrics> classes = Report().RoomClasses!;
        Assert.Equal(["poisson, mean 1 s", "every 2 s + up to 0.5 s"], classes.Select(c => c.Sends));
        Assert.Equal([null, "uniform 400-1600 B, mean 1000"], classes.Select(c => c.MessageBytes));
    }
}
