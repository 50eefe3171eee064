namespace FanoutSim.LoadGen.Tests;

/// <summary>Where the servers ran, from their cpuacct group, and the speed of the CPUs they ran on.</summary>
public class CpuPlacementTests
{
    [Fact]
    public void A_cpuacct_reading_is_nanoseconds_per_cpu()
    {
        Assert.Equal([446922879054L, 451065423653L], CpuPlacement.Parse("446922879054 451065423653 \n")!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 x")]
    [InlineData("12 -3")]
    public void A_reading_that_is_not_counts_is_no_reading(string text)
    {
        Assert.Null(CpuPlacement.Parse(text));
    }

    [Fact]
    public void Seconds_per_cpu_are_summed_over_the_groups()
    {
        double[]? seconds = CpuPlacement.SecondsBetween(
            [[1_000_000_000, 0], [0, 0]],
            [[3_000_000_000, 500_000_000], [1_000_000_000, 250_000_000]]);
        Assert.Equal([3.0, 0.75], seconds!);
    }

    [Fact]
    public void A_missing_or_mismatched_reading_gives_no_placement()
    {
        Assert.Null(CpuPlacement.SecondsBetween([[1, 2]], [null]));
        Assert.Null(CpuPlacement.SecondsBetween([[1, 2]], [[1, 2, 3]]));
        Assert.Null(CpuPlacement.SecondsBetween([], []));
    }

    [Fact]
    public void A_folder_without_a_cpuacct_group_gives_no_reading()
    {
        Assert.Null(CpuPlacement.Read(Path.Combine(Path.GetTempPath(), "no-such-cgroup-" + Guid.NewGuid())));
    }

    [Fact]
    public void The_speed_where_the_server_ran_weighs_each_cpu_by_its_seconds_there()
    {
        // Three quarters of the server's time on the slow CPU: 0.75 x 1.4 M + 0.25 x 2.6 M.
        double? speed = RunSpeed.WhereRun([1_400_000, 2_600_000], null, [3.0, 1.0]);
        Assert.Equal(1_700_000, speed!.Value, 6);
    }

    [Fact]
    public void Each_cpus_speed_is_the_mean_of_its_probes_before_and_after()
    {
        double? speed = RunSpeed.WhereRun([1_400_000, 2_600_000], [1_800_000, 2_600_000], [1.0, 0.0]);
        Assert.Equal(1_600_000, speed!.Value, 6);
    }

    [Fact]
    public void No_placement_or_no_server_time_gives_no_speed()
    {
        Assert.Null(RunSpeed.WhereRun([1_400_000, 2_600_000], null, [0.0, 0.0]));
        Assert.Null(RunSpeed.WhereRun([1_400_000, 2_600_000], null, [1.0]));
        Assert.Null(RunSpeed.WhereRun([], null, []));
    }

    [Fact]
    public void The_probes_speeds_belong_to_the_counted_cpus_only_when_it_timed_cpu_0_to_n_in_order()
    {
        Assert.True(CpuPlacement.LinesUp([0, 1], 2));
        Assert.False(CpuPlacement.LinesUp([0], 2));
        Assert.False(CpuPlacement.LinesUp([1, 2], 2));
        Assert.False(CpuPlacement.LinesUp([0, 1], 3));
    }
}
