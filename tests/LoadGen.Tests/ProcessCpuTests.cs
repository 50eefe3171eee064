using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

public class ProcessCpuTests
{
    private const string Stat = ProcStatLines.Dotnet;

    [Fact]
    public void A_process_cpu_is_its_user_and_system_time_and_its_kernel_share_the_system_time_alone()
    {
        Assert.Equal(3.0, ProcessCpu.ParseStat(Stat)!.Value, 9);
        Assert.Equal(0.5, ProcessCpu.ParseSystemSeconds(Stat)!.Value, 9);
        Assert.Null(ProcessCpu.ParseSystemSeconds("4242 (dotnet) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250"));
        Assert.Null(ProcessCpu.ParseSystemSeconds(Stat.Replace(" 50 30 ", " -1 30 ", StringComparison.Ordinal)));
    }

    [Fact]
    public void This_process_reads_a_system_time_no_larger_than_its_whole_cpu()
    {
        (double whole, double system) = ProcessCpu.OtherTimes(Environment.ProcessId)!.Value;
        Assert.InRange(system, 0, whole + 0.01);
    }

    [Fact]
    public void A_run_file_records_each_servers_kernel_seconds_when_read_and_nothing_when_not()
    {
        var plan = new LoadPlan([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);
        var labels = new RunLabels("t", SubscriptionMode.PerTask, 1, 0.25, null, new Dictionary<string, string>());
        var r = new LoadResult(190, 1500, 20, 0, 0, 0, [10.1, 10.3], 21.0, 1.0, 2, false,
            [new ServerCpu(7, 4.41) { SystemSeconds = 1.25 }, new ServerCpu(8, 4.0)], null);
        RunReport report = LoadReportBuilder.Build(plan, labels, r, new Dictionary<string, string>());
        Assert.Equal("1.25", report.Environment["server_cpu_system_seconds_pid7"]);
        Assert.Equal("4.41", report.Environment["server_cpu_seconds_pid7"]);
        Assert.False(report.Environment.ContainsKey("server_cpu_system_seconds_pid8"));
    }
}
