using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// A room class's own `interval`, `sends`, `send_jitter` and `message_bytes`: each key left out is the top level's (or,
/// for the size, the profile's), resolved when the workload is read, so `--set interval=...` moves every class that
/// did not say otherwise.
/// </summary>
public class ScenarioFileRoomSendsTests
{
    private const string Mixed = """
        interval: 2s
        send_jitter: 100ms
        redis_egress_mbps: 100
        rooms:
          - count: 30
            size: 10
            sends: poisson
            send_jitter: 0s
            message_bytes: 150
          - count: 2
            size: 50
            interval: 10s
            message_bytes:
              distribution: lognormal
              median: 1000
              sigma: 0.5
              max: 8000
          - count: 1
            size: 20

        """;

    private static Scenario Load(string yaml, IReadOnlyDictionary<string, string>? overrides = null)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("rooms.yaml", yaml), overrides: overrides);
    }

    [Fact]
    public void Each_class_sends_as_it_says_and_otherwise_as_the_top_level()
    {
        Workload w = Load(Mixed).Workload;
        IReadOnlyList<RoomClass> rooms = w.RoomClasses;
        Assert.Equal(new SendTiming(2, SendProcess.Poisson, 0), w.TimingOf(rooms[0]));
        Assert.Equal(new SendTiming(10, SendProcess.Ticks, 0.1), w.TimingOf(rooms[1]));
        Assert.Equal(w.Timing, w.TimingOf(rooms[2]));
        Assert.Null(rooms[2].Sending);
        Assert.False(w.UniformTiming);
    }

    [Fact]
    public void A_message_size_is_a_number_or_a_law_as_room_sizes_take()
    {
        IReadOnlyList<RoomClass> rooms = Load(Mixed).Workload.RoomClasses;
        Assert.Equal(new MessageSize(150), rooms[0].MessageSize);
        Assert.Equal(new LogNormalRoomSizes(1000, 0.5, 2, 8000), rooms[1].MessageSize!.Law);
        Assert.InRange(rooms[1].MessageSize!.MeanBytes, 1000 * Math.Exp(0.125) * 0.99, 1000 * Math.Exp(0.125) * 1.01);
        Assert.Null(rooms[2].MessageSize);
    }

    [Fact]
    public void A_top_level_interval_set_on_the_command_line_moves_the_classes_that_give_none()
    {
        Workload w = Load(Mixed, new Dictionary<string, string> { ["interval"] = "4s" }).Workload;
        Assert.Equal(4, w.TimingOf(w.RoomClasses[0]).IntervalSeconds);
        Assert.Equal(10, w.TimingOf(w.RoomClasses[1]).IntervalSeconds);
        Assert.Equal(4, w.TimingOf(w.RoomClasses[2]).IntervalSeconds);
    }

    [Fact]
    public void The_run_summary_and_json_show_a_class_own_sends_and_message_size()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("mixed.yaml", Mixed.Replace("interval: 2s", "interval: 2s\nsessions: 1"));
        string json = Path.Combine(ws.Root, "run.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", scenario, "--json", json]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(sends poisson, mean 2 s; messages 150 B)", result.Stdout);
        Assert.Contains("(sends every 10 s + up to 0.1 s; messages lognormal median 1000, sigma 0.5, 2-8000 B, mean ",
            result.Stdout);
        string[] lines = result.Stdout.Split('\n');
        Assert.DoesNotContain("(", lines.Single(l => l.Contains(" 1 x 20 ", StringComparison.Ordinal)));
        string text = File.ReadAllText(json);
        Assert.Contains("\"sends\": \"poisson, mean 2 s\"", text);
        Assert.Contains("\"message_bytes\": \"150 B\"", text);
    }
}
