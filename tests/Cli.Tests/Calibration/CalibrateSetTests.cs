using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// `calibrate --set key=value` reads a start-profile value as a profile file does; a bad one is one line.
/// </summary>
public class CalibrateSetTests
{
    private static CliProcess.Result Predict(params string[] set)
    {
        using var ws = new ScenarioWorkspace();
        string run = RunFiles.Write(Path.Combine(ws.Root, "calibration", "runs"), RunFiles.Measured("a20", 20, 0.97));
        string[] options = set.SelectMany(s => new[] { "--set", s }).ToArray();
        return CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only", "--replications", "1", .. options]);
    }

    [Fact]
    public void A_duration_in_any_unit_is_accepted()
    {
        CliProcess.Result result = Predict("cpu_drift=0.2", "cpu_drift_window=2m", "handshake_cpu=4ms",
            "forward_batch=12");
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    [Theory]
    [InlineData("cpu_drift_window=soon", "expected a duration")]
    [InlineData("forward_batch=2.5", "expected a whole number")]
    [InlineData("cpu_jitter=1", "must be in [0, 1)")]
    [InlineData("close_stops_forwarding_at_once=yes", "expected true or false")]
    [InlineData("warp_factor=9", "unknown profile parameter")]
    public void A_bad_value_is_one_line_naming_the_key(string set, string reason)
    {
        CliProcess.Result result = Predict(set);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains(set.Split('=')[0], result.Stderr);
        Assert.Contains(reason, result.Stderr);
    }
}
