using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>`calibrate --speed-exponent E` with the measured-speed rules: 1 changes nothing, 0 is `--speed-rule
/// none`, anything else is refused with exit 2.</summary>
public class CalibrateSpeedExponentTests
{
    /// <summary>Two saturated runs measured far from the profile's speed (2 600 000), so their speed moves them.
    /// </summary>
    private static string[] Runs(ScenarioWorkspace ws)
    {
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        return
        [
            RunFiles.Write(runs, WithSpeeds(RunFiles.Measured("slow", 150, 0.5), "1300000")),
            RunFiles.Write(runs, WithSpeeds(RunFiles.Measured("fast", 200, 0.5), "3900000")),
        ];
    }

    private static RunReport WithSpeeds(RunReport report, string probes)
    {
        var env = new Dictionary<string, string>(report.Environment)
        {
            ["speed_index"] = probes,
            ["speed_index_server_probes"] = probes,
        };
        return report with { Environment = env };
    }

    private static CliProcess.Result Predict(ScenarioWorkspace ws, string[] files, params string[] options) =>
        CliProcess.Run(ws.Root, ["calibrate", .. files, "--predict-only", "--replications", "1", .. options]);

    /// <summary>The table's rows (the predictions), without the command line that made them.</summary>
    private static string Rows(CliProcess.Result result) =>
        string.Join('\n', result.Stdout.Split('\n').Where(l => l.StartsWith("| slow", StringComparison.Ordinal)
            || l.StartsWith("| fast", StringComparison.Ordinal)));

    [Fact]
    public void Exponent_one_predicts_exactly_as_without_the_option_and_is_echoed()
    {
        using var ws = new ScenarioWorkspace();
        string[] files = Runs(ws);
        CliProcess.Result plain = Predict(ws, files, "--speed-rule", "probes");
        CliProcess.Result one = Predict(ws, files, "--speed-rule", "probes", "--speed-exponent", "1");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Equal(2, Rows(one).Split('\n').Length);
        Assert.Equal(Rows(plain), Rows(one));
        Assert.Contains("--speed-rule probes --speed-exponent 1 --predict-only", one.Stdout);
        Assert.Contains("calibrate: --speed-exponent 1: each measured speed index s predicted at 2600000 x "
            + "(s / 2600000)^1", one.Stderr);
    }

    [Fact]
    public void Exponent_zero_predicts_every_run_at_the_profiles_speed_as_the_none_rule_does()
    {
        using var ws = new ScenarioWorkspace();
        string[] files = Runs(ws);
        CliProcess.Result none = Predict(ws, files, "--speed-rule", "none");
        CliProcess.Result measured = Predict(ws, files, "--speed-rule", "probes");
        CliProcess.Result zero = Predict(ws, files, "--speed-rule", "probes", "--speed-exponent", "0");
        Assert.True(zero.ExitCode == 0, zero.Stderr);
        Assert.NotEqual(Rows(none), Rows(measured)); // the runs' speeds do move them
        Assert.Equal(Rows(none), Rows(zero));
        CliProcess.Result half = Predict(ws, files, "--speed-rule", "in-run", "--speed-exponent", "0.5");
        Assert.True(half.ExitCode == 0, half.Stderr);
        Assert.NotEqual(Rows(none), Rows(half));
        Assert.NotEqual(Rows(measured), Rows(half));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("NaN")]
    public void A_bad_exponent_exits_2_with_the_grammar(string text)
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result bad = Predict(ws, Runs(ws), "--speed-rule", "probes", "--speed-exponent", text);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"--speed-exponent: expected a number E >= 0 (each run at the profile's speed x", bad.Stderr);
        Assert.Contains($"got '{text}'", bad.Stderr);
        Assert.DoesNotContain("   at ", bad.Stderr);
        Assert.Equal("", bad.Stdout);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("reference")]
    public void The_rules_without_a_measured_index_refuse_the_exponent(string rule)
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result refused = Predict(ws, Runs(ws), "--speed-rule", rule, "--speed-exponent", "0.7");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--speed-exponent: only with --speed-rule probes, in-run or machine (the measured speed "
            + $"indexes; --speed-rule {rule} picks none)", refused.Stderr);
    }

    [Fact]
    public void A_profile_without_a_speed_index_refuses_the_exponent()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result refused = Predict(ws, Runs(ws), "--set", "speed_index=0", "--speed-exponent", "0.7");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(" records no speed_index to take the runs' speeds against", refused.Stderr);
    }
}
