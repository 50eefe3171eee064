namespace FanoutSim.LoadGen.Tests;

/// <summary>The in-run sampler's slice and period: the duration grammar, bounds, and a cost ceiling.</summary>
public class SamplerPaceTests
{
    [Fact]
    public void A_slice_and_a_period_are_read_in_the_duration_grammar()
    {
        var pace = SamplerPace.Parse("5ms", "1s", "--slice", "--every", out string error);

        Assert.Equal(new SamplerPace(0.005, TimeSpan.FromSeconds(1)), pace);
        Assert.Equal("", error);
        Assert.Equal("5 ms every 1 s", pace!.Text);
        Assert.Equal(0.005, pace.Share, 9);
    }

    [Fact]
    public void The_childs_arguments_read_back_as_the_same_pace()
    {
        var pace = new SamplerPace(0.0025, TimeSpan.FromMilliseconds(750));
        IReadOnlyList<string> a = pace.Arguments;

        Assert.Equal(pace, SamplerPace.Parse(a[1], a[3], a[0], a[2], out _));
        Assert.Equal(["--slice", "2.5ms", "--every", "750ms"], a);
    }

    [Theory]
    [InlineData("0.1ms", "1s", "--slice: got '0.1ms'; expected a CPU time from 0.5 ms to 100 ms")]
    [InlineData("fast", "1s", "--slice: got 'fast'")]
    [InlineData("5ms", "20ms", "--every: got '20ms'; expected a period from 100 ms to 10 s")]
    [InlineData("5ms", "-1s", "--every: got '-1s'")]
    [InlineData("50ms", "500ms", "the slices alone would take 10 % of a core; at most 5 %")]
    public void A_pace_out_of_bounds_is_refused_with_what_is_expected(string slice, string every, string expected)
    {
        Assert.Null(SamplerPace.Parse(slice, every, "--slice", "--every", out string error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_stays_near_one_percent_of_a_core() =>
        Assert.InRange(SamplerPace.Default.Share, 0.001, 0.01);
}
