using FanoutSim.Cli.Commands;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.LoadGen;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Load;

/// <summary>`fanoutsim load` with rooms: its options on the command line and its per-class summary.</summary>
public class LoadRoomsTests
{
    [Fact]
    public void Help_describes_rooms_balancer_and_redis_topology()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string text in new[] { "--rooms", "30x10,1x100", "--load-balancer", "room-affine", "--redis-topology",
            "client-sharded, cluster, cluster-sharded", "--redis-shards" })
        {
            Assert.Contains(text, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_wrong_room_balancer_and_shard_option_is_named_and_nothing_is_run()
    {
        using var ws = new ScenarioWorkspace();
        string json = Path.Combine(ws.Root, "run.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--url", "ws://127.0.0.1:9/ws/chat", "--users",
            "5", "--rooms", "2x2", "--load-balancer", "least-connections", "--redis-topology", "cluster",
            "--redis-shards", "0", "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal([
                "fanoutsim load: --rooms: 2x2 holds 4 members but --users is 5; the rooms' members must add up to "
                + "the users",
                "fanoutsim load: --load-balancer: least-connections is not implemented by the load generator; use "
                + "round-robin or room-affine",
                "fanoutsim load: --redis-shards: got 0; expected the number of Redis shards (masters), >= 1",
                "fanoutsim load: --url: a sharded Redis with --rooms needs the rooms named as the model names them: "
                + "end every --url in /room (got /chat)",
            ],
            result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void The_summary_has_the_run_summarys_line_for_each_room_class()
    {
        var plan = new LoadPlan([new Uri("ws://127.0.0.1:9/ws/chat")], 5, TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(10), 1, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1)
        {
            Rooms = [new RunRoomClass(1, 2), new RunRoomClass(1, 3)],
        };
        var result = new LoadResult(50, 121, 5, 0, 0, 0, [10.0], 10.0, 1.0, 2, false, [], null)
        {
            RoomClasses = [new RoomClassTally(20, 40, 40, [0.05f]), new RoomClassTally(30, 81, 90, [0.2f])],
        };
        var labels = new RunLabels("rooms", SubscriptionMode.PerConnection, 1, 1, null,
            new Dictionary<string, string>());
        RunReport report = LoadReportBuilder.Build(plan, labels, result, new Dictionary<string, string>());

        Assert.Equal(
            "     room classes (rooms x members):\n"
            + "       1 x 2    delivery 100.00 %   40 of 40 received   4.0/s   latency p50 50ms p95 50ms\n"
            + "       1 x 3    delivery  90.00 %   81 of 90 received   8.1/s   latency p50 200ms p95 200ms\n",
            LoadCommand.RoomClassLines(report).Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal("", LoadCommand.RoomClassLines(report with { RoomClasses = null }));
    }
}
