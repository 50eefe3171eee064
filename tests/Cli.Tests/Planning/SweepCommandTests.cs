using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;

namespace FanoutSim.Cli.Tests.Planning;

[Collection("cli")]
public class SweepCommandTests
{
    [Fact]
    public void Ranges_and_lists_parse_into_values()
    {
        Assert.Equal(["10", "20", "30"], SweepAxis.Parse("users=10..30:10").Values);
        Assert.Equal(["1", "2", "4", "8"], SweepAxis.Parse("tasks=1,2,4,8").Values);
        Assert.Equal(["0.5", "1", "1.5"], SweepAxis.Parse("interval=500ms..1.5s:0.5s").Values);
        Assert.Equal(["per-connection", "per-task"], SweepAxis.Parse("subscription=per-connection,per-task").Values);
        Assert.Equal(6, SweepGrid.Count([SweepAxis.Parse("users=1..3"), SweepAxis.Parse("tasks=1,2")]));
    }

    [Theory]
    [InlineData("users=50..10", "empty")]
    [InlineData("users=10..50:0", "step must be positive")]
    [InlineData("userz=1..3", "unknown scenario key 'userz'")]
    [InlineData("users=1..1000000", "more than")]
    [InlineData("users", "expects key=")]
    [InlineData("users=a..b", "not a number")]
    public void Bad_vary_specs_exit_2_and_write_nothing(string spec, string message)
    {
        using var cli = new CliHarness();
        string scenario = cli.Scenario();
        (int code, string _, string? err) = cli.Run("sweep", scenario, "--vary", spec, "-o", cli.Path("out"));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Equal(["tiny.yaml"], cli.Files());
    }

    [Fact]
    public void An_impossible_value_inside_a_range_fails_before_anything_runs()
    {
        using var cli = new CliHarness();
        (int code, string _, string? err) = cli.Run("sweep", cli.Scenario(), "--vary", "users=0..20:10", "-o",
            cli.Path("out"));
        Assert.Equal(2, code);
        Assert.Contains("users", err);
        Assert.Equal(["tiny.yaml"], cli.Files());
    }

    [Fact]
    public void Bad_shards_exit_2()
    {
        using var cli = new CliHarness();
        Assert.Equal(2, cli.Run("sweep", cli.Scenario(), "--vary", "users=10,20", "--shard", "4/4").Code);
        Assert.Equal(2, cli.Run("sweep", cli.Scenario(), "--vary", "users=10,20", "--shard", "x").Code);
    }

    [Fact]
    public void A_sweep_writes_csv_and_json_with_a_row_per_point()
    {
        using var cli = new CliHarness();
        (int code, string _, string _) = cli.Run("sweep", cli.Scenario(), "--vary", "users=10,20", "--vary",
            "tasks=1,2", "-r", "2", "-o", cli.Path("grid"));
        Assert.Equal(0, code);
        SweepFile sweep = SweepJson.Load(cli.Path("grid.json"));
        Assert.Equal(4, sweep.Points.Count);
        Assert.All(sweep.Points, p => Assert.Equal(2, p.ReplicationRatios.Count));
        Assert.All(sweep.Points, p => Assert.True(p.DeliveryRatio <= p.BoundRatio + 0.01));
        string[] csv = File.ReadAllLines(cli.Path("grid.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("point,vary_users,vary_tasks,users,", csv[0]);
    }

    [Fact]
    public void Shards_merge_into_exactly_the_unsharded_sweep()
    {
        using var cli = new CliHarness();
        string scenario = cli.Scenario();
        string[] vary = ["--vary", "users=10..40:10", "--vary", "tasks=1,2"];
        Assert.Equal(0, cli.Run(["sweep", scenario, .. vary, "-o", cli.Path("whole")]).Code);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(0,
                cli.Run(["sweep", scenario, .. vary, "--shard", $"{i}/3", "-o", cli.Path($"part{i}")]).Code);
        }
        Assert.Equal(2,
            cli.Run("merge", cli.Path("part0.json"), cli.Path("part1.json"), "-o", cli.Path("partial")).Code);
        Assert.False(File.Exists(cli.Path("partial.json")));
        Assert.Equal(0,
            cli.Run("merge", cli.Path("part2.json"), cli.Path("part0.json"), cli.Path("part1.json"), "-o",
                cli.Path("merged")).Code);
        Assert.Equal(File.ReadAllText(cli.Path("whole.csv")), File.ReadAllText(cli.Path("merged.csv")));
        Assert.Equal(2,
            cli.Run("merge", cli.Path("part0.json"), cli.Path("part0.json"), cli.Path("part1.json"),
                cli.Path("part2.json"), "-o", cli.Path("dup")).Code);
    }

    [Fact]
    public void A_sweep_over_several_rooms_leaves_the_fluid_bound_empty_since_it_knows_one_room()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("rooms.yaml"), "name: rooms\ninterval: 1s\nsession: 10s\nsessions: 1\nseed: 7\n" +
            "redis_egress_mbps: 100\nrooms:\n  - count: 2\n    size: 10\n");
        (int code, string output, string _) = cli.Run("sweep", cli.Path("rooms.yaml"), "--vary", "tasks=1,2", "-o",
            cli.Path("grid"), "--plot", cli.Path("plots"));
        Assert.Equal(0, code);
        SweepFile sweep = SweepJson.Load(cli.Path("grid.json"));
        Assert.All(sweep.Points, p => Assert.True(double.IsNaN(p.BoundRatio)));
        Assert.All(sweep.Points, p => Assert.Equal("", p.BoundBottleneck));
        string[] csv = File.ReadAllLines(cli.Path("grid.csv"));
        Assert.Contains(",bound_ratio,bound_delivered_per_s,bound_bottleneck,", csv[0]);
        Assert.All(csv[1..], row => Assert.Contains(",,,", row));
        Assert.DoesNotContain("NaN", output);
    }

    [Fact]
    public void A_sweep_over_room_classes_reports_each_class_in_the_table_the_csv_and_the_json()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("rooms.yaml"), "name: rooms\ninterval: 1s\nsession: 10s\nsessions: 1\nseed: 7\n" +
            "redis_egress_mbps: 100\nrooms:\n  - count: 6\n    size: 5\n  - count: 1\n    size: 40\n");
        (int code, string output, string _) = cli.Run("sweep", cli.Path("rooms.yaml"), "--vary", "tasks=1,2", "-o",
            cli.Path("grid"));
        Assert.Equal(0, code);
        SweepFile sweep = SweepJson.Load(cli.Path("grid.json"));
        // Six rooms of 5 and one of 40, members per class, read back from the JSON.
        Assert.All(sweep.Points, p => Assert.Equal([30, 40], p.RoomClasses!.Select(c => c.Rooms * c.Size)));
        string[] csv = File.ReadAllLines(cli.Path("grid.csv"));
        string[] header = csv[0].Split(',');
        Assert.Equal(["class1_ratio", "class1_latency_p95_s", "class2_ratio", "class2_latency_p95_s"], header[^4..]);
        foreach ((SweepRow point, string row) in sweep.Points.OrderBy(p => p.Index).Zip(csv[1..]))
        {
            string[] cells = row.Split(',');
            Assert.Equal(point.RoomClasses![0].DeliveryRatio, double.Parse(cells[^4], CultureInfo.InvariantCulture),
                6);
            Assert.Equal(point.RoomClasses[1].Latency!.P95, double.Parse(cells[^1], CultureInfo.InvariantCulture), 6);
        }
        Assert.Contains("per room class", output);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"6x5 {sweep.Points[0].RoomClasses![0].DeliveryRatio * 100:0.0} % | 1x40"), output);
    }
}
