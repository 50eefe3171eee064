namespace FanoutSim.LoadGen.Tests;

public sealed class CgroupCpuStatTests : IDisposable
{
    private readonly string _group = Path.Combine(Path.GetTempPath(), "fanoutsim-cpu-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_group))
        {
            Directory.Delete(_group, recursive: true);
        }
    }

    [Fact]
    public void Reads_periods_throttled_periods_and_throttled_time_and_ignores_other_lines()
    {
        CgroupCpuStat s = CgroupCpuStat.Parse(
            "nr_periods 240\nnr_throttled 180\nthrottled_time 9500000000\nnr_bursts 0\nburst_time 0\n")!;

        Assert.Equal(new CgroupCpuStat(240, 180, 9_500_000_000), s);
    }

    [Fact]
    public void A_missing_or_malformed_counter_reads_as_null()
    {
        Assert.Null(CgroupCpuStat.Parse("nr_periods 240\nnr_throttled 180\n"));
        Assert.Null(CgroupCpuStat.Parse("nr_periods 240\nnr_throttled -1\nthrottled_time 5\n"));
    }

    [Fact]
    public void A_quota_is_cores_and_no_quota_is_null()
    {
        Assert.Equal(0.05, CgroupCpuStat.ParseQuota("5000\n", "100000\n")!.Value, 12);
        Assert.Null(CgroupCpuStat.ParseQuota("-1\n", "100000\n"));
        Assert.Null(CgroupCpuStat.ParseQuota("five", "100000"));
    }

    [Fact]
    public void One_readable_group_per_server_is_taken_by_the_run()
    {
        Directory.CreateDirectory(_group);
        File.WriteAllText(Path.Combine(_group, CgroupCpuStat.StatFile),
            "nr_periods 1\nnr_throttled 0\nthrottled_time 0\n");
        var args = new LoadArguments
        {
            Urls = ["ws://127.0.0.1:1/ws/r"],
            ServerPids = [7],
            ServerCgroups = [_group],
        };

        LoadArguments.Validated? v = args.Validate(out List<string> errors);

        Assert.Empty(errors);
        Assert.Equal([_group], v!.Probes.ServerCgroups);
    }

    [Fact]
    public void An_unreadable_group_or_a_count_unlike_the_servers_is_refused_by_option()
    {
        var args = new LoadArguments
        {
            Urls = ["ws://127.0.0.1:1/ws/r"],
            ServerPids = [7, 8],
            ServerCgroups = [_group],
        };

        Assert.Null(args.Validate(out List<string> errors));
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("--server-cgroup: got 1, and 2 --server-pid", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"--server-cgroup: '{_group}' has no readable cpu.stat", errors[1], StringComparison.Ordinal);
    }
}
