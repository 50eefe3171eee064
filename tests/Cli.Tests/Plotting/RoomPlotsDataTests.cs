using FanoutSim.Cli.Files;
using FanoutSim.Cli.Plotting;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Plotting;

/// <summary>The numbers the rooms charts draw come from their input, point by point and resource by resource.</summary>
public class RoomPlotsDataTests
{
    private static RoomClassMetrics Class(int rooms, int size, double ratio) =>
        new(rooms, size, 100, ratio * 1000, 1000, ratio, 10);

    private static SweepRow Point(int index, Dictionary<string, string> values, int tasks, double total,
        params RoomClassMetrics[] classes) =>
        new(index, values, 400, 1, tasks, 1, "per-connection", "cache.t4g.small", 2, total, 0, 1000, 0, 100, 10, 0.5,
            0.1, 0.1, "task-0 cpu", double.NaN, double.NaN, "", [total, total])
        {
            RoomClasses = classes.Length == 0 ? null : classes,
        };

    private static SweepFile Sweep(IReadOnlyList<SweepAxis> vary, params SweepRow[] points) =>
        new(SweepFile.CurrentSchema, "svc", "svc.yaml", vary, 2, 1, points.Length, 1, [0], 1, points);

    [Fact]
    public void Each_room_class_and_the_total_become_one_line_against_the_swept_tasks()
    {
        SweepFile sweep = Sweep([new SweepAxis("tasks", ["1", "2", "3"])],
            Point(0, new() { ["tasks"] = "1" }, 1, 0.17, Class(30, 10, 0.275), Class(1, 100, 0.139)),
            Point(1, new() { ["tasks"] = "2" }, 2, 0.66, Class(30, 10, 0.836), Class(1, 100, 0.610)),
            Point(2, new() { ["tasks"] = "3" }, 3, 0.95, Class(30, 10, 0.951), Class(1, 100, 0.951)));

        SweepLines chart = RoomClassSeries.From(sweep)!;

        Assert.Equal("tasks", chart.XKey);
        Assert.Null(chart.Categories);
        Assert.Equal(["all rooms", "30 x 10", "1 x 100"], chart.Lines.Select(c => c.Label));
        Assert.Equal([-1, 0, 1], chart.Lines.Select(c => c.Series));
        Assert.All(chart.Lines, c => Assert.Equal([1.0, 2.0, 3.0], c.X));
        Assert.Equal([17.0, 66.0, 95.0], chart.Lines[0].Y);
        Assert.Equal([27.5, 83.6, 95.1], chart.Lines[1].Y.Select(v => Math.Round(v, 6)));
        Assert.Equal([13.9, 61.0, 95.1], chart.Lines[2].Y.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void Users_go_on_x_when_they_vary_and_every_other_setting_gets_its_own_lines()
    {
        SweepFile sweep = Sweep([new SweepAxis("users", ["100", "200"]), new SweepAxis("tasks", ["1", "2"])],
            Point(0, new() { ["users"] = "100", ["tasks"] = "1" }, 1, 0.9, Class(10, 10, 0.9)),
            Point(1, new() { ["users"] = "100", ["tasks"] = "2" }, 2, 0.95, Class(10, 10, 0.95)),
            Point(2, new() { ["users"] = "200", ["tasks"] = "1" }, 1, 0.5, Class(20, 10, 0.5)),
            Point(3, new() { ["users"] = "200", ["tasks"] = "2" }, 2, 0.8, Class(20, 10, 0.8)));

        SweepLines chart = RoomClassSeries.From(sweep)!;

        Assert.Equal("users", chart.XKey);
        Assert.Equal(["tasks=1", "tasks=1", "tasks=2", "tasks=2"], chart.Lines.Select(c => c.Group));
        SweepLine oneTask = chart.Lines.Single(c => c.Series == 0 && c.Group == "tasks=1");
        Assert.Equal([100.0, 200.0], oneTask.X);
        Assert.Equal([90.0, 50.0], oneTask.Y);
    }

    [Fact]
    public void A_setting_that_is_no_number_is_a_category_on_x()
    {
        SweepFile sweep = Sweep([new SweepAxis("subscription", ["per-connection", "per-task"])],
            Point(0, new() { ["subscription"] = "per-connection" }, 2, 0.66, Class(30, 10, 0.8)),
            Point(1, new() { ["subscription"] = "per-task" }, 2, 0.68, Class(30, 10, 0.67)));

        SweepLines chart = RoomClassSeries.From(sweep)!;

        Assert.Equal(["per-connection", "per-task"], chart.Categories);
        Assert.Equal([0.0, 1.0], chart.Lines[1].X);
        Assert.Equal([80.0, 67.0], chart.Lines[1].Y);
    }

    [Fact]
    public void A_sweep_of_one_room_has_no_room_class_chart()
    {
        SweepFile sweep = Sweep([new SweepAxis("tasks", ["1", "2"])],
            Point(0, new() { ["tasks"] = "1" }, 1, 0.5), Point(1, new() { ["tasks"] = "2" }, 2, 0.9));
        Assert.Null(RoomClassSeries.From(sweep));
    }

    [Fact]
    public void The_busiest_task_and_the_busiest_shard_of_each_point_become_lines_of_utilisation()
    {
        SweepFile sweep = Sweep([new SweepAxis("redis_shards", ["1", "2", "3"])],
            Point(0, new() { ["redis_shards"] = "1" }, 2, 0.8) with
            {
                MaxTaskCpu = 0.6,
                RedisCpu = 0.05,
                RedisEgress = 1,
            },
            Point(1, new() { ["redis_shards"] = "2" }, 2, 0.97) with { MaxTaskCpu = 0.7, RedisEgress = 0.57 },
            Point(2, new() { ["redis_shards"] = "3" }, 2, 0.97) with { MaxTaskCpu = 0.7, RedisEgress = 0.43 });

        SweepLines chart = BusiestSeries.From(sweep)!;

        Assert.Equal("redis_shards", chart.XKey);
        Assert.Equal(["busiest task's CPU", "busiest Redis shard's CPU", "busiest Redis shard's egress"],
            chart.Lines.Select(l => l.Label));
        Assert.All(chart.Lines, l => Assert.Equal([1.0, 2.0, 3.0], l.X));
        Assert.Equal([60.0, 70.0, 70.0], chart.Lines[0].Y.Select(v => Math.Round(v, 6)));
        Assert.Equal([5.0, 10.0, 10.0], chart.Lines[1].Y.Select(v => Math.Round(v, 6)));
        Assert.Equal([100.0, 57.0, 43.0], chart.Lines[2].Y.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void A_sweep_of_one_room_on_one_node_has_no_busiest_resources_chart()
    {
        SweepFile sweep = Sweep([new SweepAxis("tasks", ["1", "2"])],
            Point(0, new() { ["tasks"] = "1" }, 1, 0.5), Point(1, new() { ["tasks"] = "2" }, 2, 0.9));
        Assert.Null(BusiestSeries.From(sweep));
    }

    private static RunReport Run(IReadOnlyList<ResourceUsage> resources) =>
        Calibration.RunFiles.Measured("run", 20, 0.9) with
        {
            Source = RunReport.SimulatedSource,
            Resources = resources,
            Bottleneck = ResourceId.ShardEgress(2),
        };

    [Fact]
    public void Each_shard_gets_its_cpu_and_egress_and_each_task_its_cpu_from_the_run()
    {
        RunReport run = Run(
        [
            new ResourceUsage(ResourceId.TaskCpu(1), 0.55, 0, 0),
            new ResourceUsage(ResourceId.TaskCpu(0), 0.56, 0, 0),
            new ResourceUsage(ResourceId.ShardCpu(1), 0.044, 0, 0),
            new ResourceUsage(ResourceId.ShardEgress(1), 0.90, 0, 0),
            new ResourceUsage(ResourceId.ShardCpu(0), 0.041, 0, 0),
            new ResourceUsage(ResourceId.ShardEgress(0), 0.79, 0, 0),
        ]);

        UtilisationChart chart = UtilisationBars.From(run)!;

        Assert.Equal("redis-2 egress", chart.Bottleneck);
        Assert.Equal([new UtilisationGroup("redis-0", 4.1, 79.0), new UtilisationGroup("redis-1", 4.4, 90.0)],
            chart.Redis.Select(g => g with
            {
                CpuPercent = Math.Round(g.CpuPercent, 6),
                EgressPercent = Math.Round(g.EgressPercent!.Value, 6),
            }));
        Assert.Equal(["task-0", "task-1"], chart.Tasks.Select(t => t.Label));
        Assert.Equal([56.0, 55.0], chart.Tasks.Select(t => Math.Round(t.CpuPercent, 6)));
        Assert.All(chart.Tasks, t => Assert.Null(t.EgressPercent));
        Assert.False(chart.TasksSummarised);
    }

    [Fact]
    public void One_node_is_called_redis_and_many_tasks_are_summarised_as_busiest_mean_and_least_busy()
    {
        var resources = new List<ResourceUsage>
        {
            new(ResourceId.RedisCpu, 0.2, 0, 0),
            new(ResourceId.RedisEgress, 0.3, 0, 0),
        };
        resources.AddRange(Enumerable.Range(0, 20).Select(t => new ResourceUsage(ResourceId.TaskCpu(t), t / 100.0, 0,
            0)));

        UtilisationChart chart = UtilisationBars.From(Run(resources))!;

        Assert.Equal("redis", Assert.Single(chart.Redis).Label);
        Assert.True(chart.TasksSummarised);
        Assert.Equal(["busiest (task-19)", "mean of 20 tasks", "least busy (task-0)"],
            chart.Tasks.Select(t => t.Label));
        Assert.Equal([19, 9.5, 0], chart.Tasks.Select(t => Math.Round(t.CpuPercent, 6)));
    }
}
