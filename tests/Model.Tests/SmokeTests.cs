namespace FanoutSim.Model.Tests;

public class SmokeTests
{
    [Fact]
    public void Arithmetic_works() => Assert.Equal(4, 2 + 2);
}
