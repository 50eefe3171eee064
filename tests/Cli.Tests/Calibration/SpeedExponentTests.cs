using FanoutSim.Cli.Calibration;
using FanoutSim.LoadGen;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>`calibrate --speed-exponent E`: a measured speed index s stands for the profile's index P x (s / P)^E.
/// </summary>
public class SpeedExponentTests
{
    private static CalibrationRun Run(MeasuredSpeeds speeds)
    {
        RunReport r = RunFiles.Measured("x", 100, 0.9);
        var run = new CalibrationRun("x", "x.json", r.Setup, new ObservedMetrics(0.9, null, null, null), 900, 81_000);
        return run with { Speeds = speeds };
    }

    [Fact]
    public void Exponent_one_is_the_measured_index_itself_and_zero_the_profiles()
    {
        Assert.Equal(2_345_678.9, new SpeedExponent(2_000_000, 1).IndexOf(2_345_678.9));
        Assert.Equal(2_000_000, new SpeedExponent(2_000_000, 0).IndexOf(2_345_678.9));
        // Half way in log speed: a run 21 % faster than the profile's machine is predicted 10 % faster.
        Assert.Equal(2_200_000, new SpeedExponent(2_000_000, 0.5).IndexOf(2_420_000), 1e-6);
        Assert.Equal(1_800_000, new SpeedExponent(2_000_000, 0.5).IndexOf(1_620_000), 1e-6);
    }

    [Fact]
    public void Every_measured_rule_moves_its_pick_and_a_stated_speed_stays_as_given()
    {
        var e = new SpeedExponent(2_000_000, 0.5);
        var measured = new MeasuredSpeeds(null, 2_420_000, 1_620_000, 8_000_000);
        Assert.Equal(2_200_000, Run(measured).AtSpeed(SpeedRule.Probes, null, e).Setup.MachineSpeedIndex!.Value, 1e-6);
        Assert.Equal(1_800_000, Run(measured).AtSpeed(SpeedRule.InRun, null, e).Setup.MachineSpeedIndex!.Value, 1e-6);
        Assert.Equal(4_000_000, Run(measured).AtSpeed(SpeedRule.Machine, null, e).Setup.MachineSpeedIndex!.Value,
            1e-6);
        CalibrationRun stated = Run(new MeasuredSpeeds(2_420_000, null, null, null)).AtSpeed(SpeedRule.Probes, null, e);
        Assert.Equal(2_420_000, stated.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.Stated, stated.SpeedSource);
        Assert.Null(Run(measured).AtSpeed(SpeedRule.None, null, e).Setup.MachineSpeedIndex);
    }

    [Fact]
    public void An_exponent_that_puts_a_speed_out_of_range_refuses_the_run_by_name()
    {
        var huge = new SpeedExponent(2_000_000, 1e6);
        RunFileException e = Assert.Throws<RunFileException>(() =>
            Run(new MeasuredSpeeds(null, 2_420_000, null, null)).AtSpeed(SpeedRule.Probes, null, huge));
        Assert.Contains("--speed-exponent 1000000 puts its speed index 2420000 at Infinity", e.Message);
        Assert.Equal("x.json", e.File);
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-0", 0.0)]
    [InlineData("0.7", 0.7)]
    [InlineData("1", 1.0)]
    [InlineData("2e-1", 0.2)]
    public void The_exponent_is_a_number_zero_or_more(string text, double expected)
    {
        Assert.Equal(expected, SpeedExponent.Parse(text, out string error));
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("-0.5")]
    [InlineData("half")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    public void Anything_but_a_number_zero_or_more_is_refused_with_what_was_given(string text)
    {
        Assert.Null(SpeedExponent.Parse(text, out string error));
        Assert.Equal("--speed-exponent: expected a number E >= 0 (each run at the profile's speed x (its measured "
            + "speed / the profile's)^E; 1, the default, scales one for one; 0 predicts every run at the profile's "
            + $"speed); got '{text}'", error);
    }
}
