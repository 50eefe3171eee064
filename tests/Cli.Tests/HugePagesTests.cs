namespace FanoutSim.Cli.Tests;

public sealed class HugePagesTests
{
    [Fact]
    public void Only_a_mapping_of_no_file_is_a_range_to_advise()
    {
        // The collector's reservation has no path; a library mapped from a file keeps its pages as they are.
        Assert.Equal((0x7fdfae401000L, 0x7feb60000000L - 0x7fdfae401000L),
            HugePages.AnonymousRange("7fdfae401000-7feb60000000 ---p 00000000 00:00 0"));
        Assert.Equal((null, null), HugePages.AnonymousRange(
            "7feb77ec0000-7febf5200000 r-xp 00000000 fe:00 247270   /usr/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.Equal((null, null), HugePages.AnonymousRange(""));
    }
}
