using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>The guard's verdict as a run report carries it: environment keys, timeline values, the warning.</summary>
public class ContaminationReportTests
{
    private static readonly LoadPlan s_plan = new([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerTask, 1, 0.25, null,
        new Dictionary<string, string>());

    private static LoadSample At(double seconds, double machineBusy, double server) =>
        new(seconds, (long)(seconds * 100), (long)seconds, 10, [server])
        {
            Machine = new CpuTimes(machineBusy, 0, 0, 100 + seconds, 0, 0, 0, 0),
        };

    private static RunReport Report(params LoadSample[] timeline) =>
        LoadReportBuilder.Build(s_plan, s_labels,
            new LoadResult(20, 200, 20, 0, 0, 0, [10.0], 2.0, 0.1, 2, false, [new ServerCpu(1, 0.5)], null)
            {
                Timeline = timeline,
            },
            new Dictionary<string, string>());

    [Fact]
    public void A_busy_machine_marks_the_run_contaminated_and_warns()
    {
        // The server used 0.25 core a second, the machine 1.25: one core went to other processes.
        RunReport report = Report(At(0, 10, 1), At(1, 11.25, 1.25), At(2, 12.5, 1.5));

        Assert.Equal("true", report.Environment["contaminated"]);
        Assert.Equal("1", report.Environment["foreign_cpu_cores_mean"]);
        Assert.Contains("CONTAMINATED", report.Environment["warnings"], StringComparison.Ordinal);
        Assert.All(report.TimeSeries!.Samples, s => Assert.Equal(1.0, s.ForeignCpuCores));
    }

    [Fact]
    public void A_quiet_machine_is_recorded_clean()
    {
        RunReport report = Report(At(0, 10, 1), At(1, 10.25, 1.25), At(2, 10.5, 1.5));

        Assert.Equal("false", report.Environment["contaminated"]);
        Assert.Equal("", report.Environment["warnings"]);
    }

    [Fact]
    public void Without_machine_counters_the_verdict_is_unknown_not_guessed()
    {
        RunReport report = Report(new LoadSample(0, 0, 0, 0, [1.0]), new LoadSample(1, 100, 1, 10, [1.25]));

        Assert.Equal("unknown", report.Environment["contaminated"]);
        Assert.False(report.Environment.ContainsKey("foreign_cpu_cores_mean"));
        Assert.Null(report.TimeSeries!.Samples[0].ForeignCpuCores);
    }

    [Fact]
    public void Old_time_series_without_the_guard_still_load()
    {
        RunReport report = Report(new LoadSample(0, 0, 0, 0, [1.0]), new LoadSample(1, 100, 1, 10, [1.25]));

        string json = RunReportJson.Serialize(report);
        RunReport back = RunReportJson.Deserialize(json);

        Assert.DoesNotContain("foreign_cpu_cores\"", json, StringComparison.Ordinal);
        Assert.Null(back.TimeSeries!.Samples[0].ForeignCpuCores);
    }
}
