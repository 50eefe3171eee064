namespace FanoutSim.LoadGen.Tests;

public class SpeedProbeTests
{
    [Fact]
    public void The_probe_returns_a_positive_index_and_its_spread()
    {
        SpeedIndex index = SpeedProbe.Measure(0.02, 3);

        Assert.True(index.Median > 0);
        Assert.True(index.Min <= index.Median && index.Median <= index.Max);
        Assert.True(index.Spread >= 0);
        Assert.Equal(3, index.Repeats);
    }
}
