using FanoutSim.Cli.Calibration;
using FanoutSim.LoadGen;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>The reference rule's anchors: one mean per mode and task count, and a run placed only against its own.
/// </summary>
public class SpeedReferencesTests
{
    private static CalibrationRun Run(string name, SubscriptionMode mode, int tasks, double? reference)
    {
        RunReport r = RunFiles.Measured(name, 100, 0.9, mode);
        var run = new CalibrationRun(name, name + ".json", r.Setup with { Tasks = tasks },
            new ObservedMetrics(0.9, null, null, null), 900, 81_000);
        return run with { Speeds = new MeasuredSpeeds(null, 2_100_000, null, 2_000_000, reference) };
    }

    private static readonly SpeedReferences s_anchors = SpeedReferences.Of(
    [
        Run("a", SubscriptionMode.PerConnection, 1, 30),
        Run("b", SubscriptionMode.PerConnection, 1, 40),
        Run("c", SubscriptionMode.PerTask, 1, 18),
    ], 2_000_000);

    [Fact]
    public void Each_mode_and_task_count_is_anchored_at_its_runs_mean()
    {
        Assert.Equal(new ReferenceAnchor(2_000_000, 35),
            s_anchors.For(Run("x", SubscriptionMode.PerConnection, 1, 50)));
        Assert.Equal(new ReferenceAnchor(2_000_000, 18), s_anchors.For(Run("y", SubscriptionMode.PerTask, 1, 20)));
        Assert.Null(s_anchors.For(Run("z", SubscriptionMode.PerTask, 2, 20)));
        Assert.Equal("per-connection, 1 task 35.0 us per copy; per-task, 1 task 18.0 us per copy",
            s_anchors.Describe());
    }

    [Fact]
    public void A_run_is_predicted_at_the_anchor_speed_scaled_by_its_own_reference()
    {
        CalibrationRun run = Run("x", SubscriptionMode.PerConnection, 1, 70).AtSpeed(SpeedRule.Reference, s_anchors);
        Assert.Equal(1_000_000, run.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.Reference, run.SpeedSource);
    }

    [Fact]
    public void A_run_without_a_reference_or_an_anchor_of_its_kind_is_refused_by_name()
    {
        RunFileException none = Assert.Throws<RunFileException>(() =>
            Run("x", SubscriptionMode.PerConnection, 1, null).AtSpeed(SpeedRule.Reference, s_anchors));
        Assert.Equal("x.json: carries no speed reference (environment.speed_reference_us_per_copy, measured by "
            + "calibration/run-local from 2026-12-03, session L, on): --speed-rule reference cannot place it",
            none.Message);
        RunFileException kind = Assert.Throws<RunFileException>(() =>
            Run("z", SubscriptionMode.PerTask, 2, 25).AtSpeed(SpeedRule.Reference, s_anchors));
        Assert.StartsWith("z.json: no anchor run of per-task, 2 tasks among --speed-reference-from", kind.Message);
        Assert.Throws<RunFileException>(() => SpeedReferences.Of([Run("n", SubscriptionMode.PerTask, 1, null)], 1e6));
    }

    [Fact]
    public void An_exponent_moves_the_speed_by_the_reference_ratio_to_that_power()
    {
        var half = SpeedReferences.Of(
        [
            Run("a", SubscriptionMode.PerConnection, 1, 30),
            Run("b", SubscriptionMode.PerConnection, 1, 40),
        ], 2_000_000, 0.5);
        // Reference 70 against the anchors' 35: one for one half the speed; at exponent 0.5, 1/sqrt(2) of it.
        CalibrationRun run = Run("x", SubscriptionMode.PerConnection, 1, 70).AtSpeed(SpeedRule.Reference, half);
        Assert.Equal(2_000_000 * Math.Sqrt(0.5), run.Setup.MachineSpeedIndex!.Value, 6);
        Assert.Equal(0.5, half.Exponent);
        Assert.Equal(new ReferenceAnchor(2_000_000, 35, 0.5), half.For(run));
        // A run at the anchors' own reference is at the profile's speed whatever the exponent.
        Assert.Equal(2_000_000,
            Run("y", SubscriptionMode.PerConnection, 1, 35).AtSpeed(SpeedRule.Reference, half).Setup.MachineSpeedIndex);
        Assert.Equal(1, s_anchors.Exponent);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SpeedReferences.Of([Run("a", SubscriptionMode.PerTask, 1, 18)], 2_000_000, 0));
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("1", 1.0)]
    [InlineData("2e-1", 0.2)]
    public void The_exponent_is_a_positive_number(string text, double expected)
    {
        Assert.Equal(expected, SpeedReferences.ParseExponent(text, out string error));
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    [InlineData("half")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    public void Anything_but_a_positive_number_is_refused_with_what_was_given(string text)
    {
        Assert.Null(SpeedReferences.ParseExponent(text, out string error));
        Assert.Equal("--speed-reference-exponent: expected a positive number E (each run at the profile's speed x "
            + $"(anchor reference / the run's)^E; 1, the default, scales one for one); got '{text}'", error);
    }
}
