using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>Where the servers ran, as a run report carries it, and the --server-cpuacct groups it is read from.
/// </summary>
public sealed class PlacementReportTests : IDisposable
{
    private static readonly LoadPlan s_plan = new([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerTask, 1, 0.25, null,
        new Dictionary<string, string>());

    private readonly string _group = Path.Combine(Path.GetTempPath(), "fanoutsim-cpuacct-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_group))
        {
            Directory.Delete(_group, recursive: true);
        }
    }

    private static RunReport Report(IReadOnlyList<double>? perCpu) =>
        LoadReportBuilder.Build(s_plan, s_labels,
            new LoadResult(20, 200, 20, 0, 0, 0, [10.0], 2.0, 0.1, 2, false, [new ServerCpu(1, 0.5)], null)
            {
                ServerSecondsPerCpu = perCpu,
            },
            new Dictionary<string, string>());

    [Fact]
    public void The_servers_cpu_seconds_on_each_cpu_are_recorded_in_cpu_order()
    {
        Assert.Equal("0.125 0.375", Report([0.125, 0.375]).Environment["server_cpu_seconds_percpu"]);
    }

    [Fact]
    public void A_group_unreadable_at_the_end_is_said_so_and_without_a_group_nothing_is_recorded()
    {
        Assert.Equal("unreadable", Report([]).Environment["server_cpu_seconds_percpu"]);
        Assert.False(Report(null).Environment.ContainsKey("server_cpu_seconds_percpu"));
    }

    [Fact]
    public void A_readable_group_is_read_by_the_run()
    {
        Directory.CreateDirectory(_group);
        File.WriteAllText(Path.Combine(_group, CpuPlacement.UsageFile), "1000 2000 \n");
        var args = new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], ServerCpuacct = [_group] };
        LoadArguments.Validated? v = args.Validate(out List<string> errors);
        Assert.Empty(errors);
        Assert.Equal([_group], v!.Probes.ServerCpuacct);
    }

    [Fact]
    public void A_folder_without_a_readable_usage_file_is_refused_by_option_and_path()
    {
        var args = new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], ServerCpuacct = [_group] };
        Assert.Null(args.Validate(out List<string> errors));
        Assert.StartsWith($"--server-cpuacct: '{_group}' has no readable cpuacct.usage_percpu", Assert.Single(errors),
            StringComparison.Ordinal);
    }
}
