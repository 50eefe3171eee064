using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Scenarios;

public class DurationTextTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("1s", 1.0)]
    [InlineData("1.5s", 1.5)]
    [InlineData("500ms", 0.5)]
    [InlineData("20us", 20e-6)]
    [InlineData("2m", 120.0)]
    [InlineData("1h", 3600.0)]
    [InlineData(" 2m ", 120.0)]
    [InlineData("-1s", -1.0)]
    public void Reads_a_number_with_a_unit_or_plain_seconds(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out double value));
        Assert.Equal(seconds, value, 12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1d")]
    [InlineData("1S")]
    [InlineData("500MS")]
    [InlineData("NaN")]
    [InlineData("Infinitys")]
    [InlineData("s")]
    public void Rejects_what_is_not_a_duration(string text) => Assert.False(DurationText.TryParse(text, out double _));

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120.0)]
    [InlineData("1h", 3600.0)]
    public void The_time_span_view_reads_the_same_grammar(string text, double seconds)
    {
        Assert.True(DurationText.TryParseTimeSpan(text, out TimeSpan value));
        Assert.Equal(seconds, value.TotalSeconds, 9);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("abc")]
    [InlineData("1e300s")]
    public void The_time_span_view_rejects_what_no_time_span_holds(string? text) =>
        Assert.False(DurationText.TryParseTimeSpan(text, out TimeSpan _));
}
