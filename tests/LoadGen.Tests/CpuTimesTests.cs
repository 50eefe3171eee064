namespace FanoutSim.LoadGen.Tests;

public class CpuTimesTests
{
    private const string ProcStat =
        "cpu  754706 0 198038 117672 531 0 4289 120 0 0\n"
        + "cpu0 377000 0 99000 58000 200 0 2000 60 0 0\n"
        + "intr 123 4 5\n"
        + "ctxt 999\n";

    [Fact]
    public void Reads_the_aggregate_line_in_seconds()
    {
        CpuTimes t = CpuTimes.Parse(ProcStat)!;

        Assert.Equal(7547.06, t.User, 6);
        Assert.Equal(1980.38, t.System, 6);
        Assert.Equal(1176.72, t.Idle, 6);
        Assert.Equal(42.89, t.SoftIrq, 6);
        Assert.Equal(1.2, t.Steal, 6);
    }

    [Fact]
    public void Busy_is_user_nice_and_system_without_interrupts()
    {
        CpuTimes t = CpuTimes.Parse(ProcStat)!;

        Assert.Equal(7547.06 + 1980.38, t.Busy, 6);
        Assert.Equal((754706 + 198038 + 117672 + 531 + 4289 + 120) / 100.0, t.Total, 6);
    }

    [Fact]
    public void An_old_kernel_without_steal_reads_it_as_zero() =>
        Assert.Equal(0, CpuTimes.Parse("cpu 10 0 5 100 1\n")!.Steal);

    [Theory]
    [InlineData("")]
    [InlineData("cpu0 1 2 3 4 5\n")]
    [InlineData("cpu 1 two 3 4 5\n")]
    [InlineData("cpu 1 2 3\n")]
    public void Text_without_a_valid_cpu_line_gives_null(string text) => Assert.Null(CpuTimes.Parse(text));
}
