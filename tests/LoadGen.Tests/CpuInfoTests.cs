namespace FanoutSim.LoadGen.Tests;

public class CpuInfoTests
{
    private const string Sample =
        "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\ncpu MHz\t\t: 2000.000\n\n"
        + "processor\t: 1\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\ncpu MHz\t\t: 3000.000\n";

    [Fact]
    public void Reads_the_model_and_the_mean_clock()
    {
        var info = CpuInfo.Parse(Sample);

        Assert.Equal("AMD EPYC 7B13", info.Model);
        Assert.Equal(2500.0, info.Mhz);
    }

    [Fact]
    public void Text_that_does_not_say_leaves_both_unknown()
    {
        var info = CpuInfo.Parse("processor\t: 0\nBogoMIPS\t: 50.00\n");

        Assert.Null(info.Model);
        Assert.Null(info.Mhz);
    }
}
