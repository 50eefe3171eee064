using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>Each own process' CPU and each server's throttling, as a run report carries them.</summary>
public class ProcessCpuReportTests
{
    private static readonly LoadPlan s_plan = new([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerTask, 2, 0.05, null,
        new Dictionary<string, string>());

    // Two servers, Redis and the sampler; the servers' cgroups hit their quota in most 100 ms periods.
    private static LoadSample At(double seconds, double task1, double task2, double redis, double loadgen,
        long throttled) =>
        new(seconds, 0, 0, 10, [task1, task2])
        {
            ProcessTreeSeconds = [task1, task2, redis, 0.01 * seconds],
            LoadGenCpuSeconds = loadgen,
            Throttling = [new CgroupCpuStat((long)(10 * seconds), throttled, throttled * 50_000_000),
                new CgroupCpuStat((long)(10 * seconds), 0, 0)],
        };

    private static LoadResult Result(params LoadSample[] timeline) =>
        new(20, 200, 20, 0, 0, 0, [10.0], 2.0, 0.1, 2, false, [new ServerCpu(11, 0.1), new ServerCpu(12, 0.1)], null)
        {
            Timeline = timeline,
            OwnPids = [21, 22],
            OwnNames = ["redis-server", ProcessCpuReport.SamplerName],
            ServerCgroups = ["/a", "/b"],
            ServerQuotaCores = [0.05, null],
        };

    [Fact]
    public void Each_process_cpu_seconds_per_interval_with_the_time_series_times()
    {
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels,
            Result(At(0, 1, 2, 3, 4, 0), At(1, 1.05, 2.03, 3.2, 4.1, 8), At(2, 1.1, 2.05, 3.5, 4.3, 17)),
            new Dictionary<string, string>());

        ProcessCpuTimeline p = report.ProcessCpu!;
        Assert.Equal(report.TimeSeries!.Samples.Select(s => s.Time), p.Time);
        Assert.Equal(["task1", "task2", "redis-server", "speed-sampler", "loadgen"], p.Processes.Select(t => t.Name));
        Assert.Equal(["server", "server", "own", "helper", "loadgen"], p.Processes.Select(t => t.Role));
        Assert.Equal([11, 12, 21, 22], p.Processes.Take(4).Select(t => t.Pid));
        Assert.Equal([0.05, 0.05], p.Processes[0].CpuSeconds);
        Assert.Equal([0.2, 0.3], p.Processes[2].CpuSeconds);
        Assert.Equal([0.1, 0.2], p.Processes[4].CpuSeconds);
    }

    [Fact]
    public void Throttling_per_interval_per_server_with_its_quota()
    {
        ProcessCpuTimeline p = ProcessCpuReport.Of(
            Result(At(0, 1, 2, 3, 4, 0), At(1, 1.05, 2.03, 3.2, 4.1, 8), At(2, 1.1, 2.05, 3.5, 4.3, 17)))!;

        CgroupThrottleTrack task1 = p.Cgroups[0];
        Assert.Equal("task1", task1.Name);
        Assert.Equal(0.05, task1.QuotaCores);
        Assert.Equal([10L, 10L], task1.Periods);
        Assert.Equal([8L, 9L], task1.ThrottledPeriods);
        Assert.Equal([0.4, 0.45], task1.ThrottledSeconds);
        Assert.Null(p.Cgroups[1].QuotaCores);
    }

    [Fact]
    public void A_counter_unreadable_at_either_end_of_an_interval_is_null_not_zero()
    {
        LoadSample gone = At(1, 1.05, 2.03, 3.2, 4.1, 8) with { };
        gone = gone with
        {
            ProcessTreeSeconds = [1.05, null, 3.2, 0.01],
            Throttling = [null, new CgroupCpuStat(10, 0, 0)],
        };

        ProcessCpuTimeline p = ProcessCpuReport.Of(Result(At(0, 1, 2, 3, 4, 0), gone))!;

        Assert.Equal([null], p.Processes[1].CpuSeconds);
        Assert.Equal([null], p.Cgroups[0].ThrottledSeconds);
        Assert.Equal([0.05], p.Processes[0].CpuSeconds);
    }

    [Fact]
    public void A_run_whose_samples_lack_the_clocks_has_no_block_and_old_files_read_without_one()
    {
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels,
            new LoadResult(20, 200, 20, 0, 0, 0, [10.0], 2.0, 0.1, 2, false, [new ServerCpu(1, 0.5)], null)
            {
                Timeline = [new LoadSample(0, 0, 0, 0, [1.0]), new LoadSample(1, 100, 1, 10, [1.25])],
            },
            new Dictionary<string, string>());

        Assert.Null(report.ProcessCpu);
        string json = RunReportJson.Serialize(report);
        Assert.DoesNotContain("process_cpu", json, StringComparison.Ordinal);
        Assert.Null(RunReportJson.Deserialize(json).ProcessCpu);
    }

    [Fact]
    public void The_block_round_trips_through_a_run_file_in_snake_case()
    {
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels,
            Result(At(0, 1, 2, 3, 4, 0), At(1, 1.05, 2.03, 3.2, 4.1, 8)), new Dictionary<string, string>());

        string json = RunReportJson.Serialize(report);
        ProcessCpuTimeline back = RunReportJson.Deserialize(json).ProcessCpu!;

        Assert.Contains("\"throttled_seconds\"", json, StringComparison.Ordinal);
        Assert.Contains("\"cpu_seconds\"", json, StringComparison.Ordinal);
        Assert.Equal(report.ProcessCpu!.Processes.Select(t => t.CpuSeconds.Single()),
            back.Processes.Select(t => t.CpuSeconds.Single()));
        Assert.Equal(0.4, back.Cgroups[0].ThrottledSeconds.Single());
    }
}
