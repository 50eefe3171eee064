namespace FanoutSim.LoadGen.Tests;

public class ProcessTreeCpuTests
{
    private const string Stat = ProcStatLines.Dotnet;

    [Fact]
    public void Counts_own_and_reaped_childrens_user_and_system_time_in_seconds()
    {
        Assert.Equal(3.5, ProcessTreeCpu.ParseStat(Stat)!.Value, 9);
    }

    [Fact]
    public void A_line_cut_short_or_not_a_stat_line_reads_as_null()
    {
        Assert.Null(ProcessTreeCpu.ParseStat("4242 (dotnet) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 50"));
        Assert.Null(ProcessTreeCpu.ParseStat("no command name here"));
        Assert.Null(ProcessTreeCpu.ParseStat(Stat.Replace(" 250 ", " x ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Children_files_list_pids_and_an_empty_one_none()
    {
        Assert.Equal([1234, 1240], ProcessTreeCpu.ParseChildren("1234 1240 "));
        Assert.Empty(ProcessTreeCpu.ParseChildren(""));
    }

    [Fact]
    public void A_busy_child_is_charged_to_its_parent()
    {
        double before = ProcessTreeCpu.Seconds(Environment.ProcessId)!.Value;
        using var child = new ChildProcess("/bin/sh",
            ["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 30"]);
        // The child spins for a fraction of a second, then sleeps: alive, so counted as a live descendant.
        double childCpu = 0;
        for (int i = 0; i < 100 && childCpu < 0.2; i++)
        {
            Thread.Sleep(100);
            childCpu = ProcessTreeCpu.Seconds(child.Id) ?? 0;
        }
        double after = ProcessTreeCpu.Seconds(Environment.ProcessId)!.Value;

        Assert.True(childCpu >= 0.2, $"child used {childCpu} s");
        Assert.True(after - before >= childCpu, $"tree grew {after - before} s, child alone used {childCpu} s");
    }

    [Fact]
    public void A_process_that_is_gone_reads_as_null()
    {
        Assert.Null(ProcessTreeCpu.Seconds(int.MaxValue));
    }
}
