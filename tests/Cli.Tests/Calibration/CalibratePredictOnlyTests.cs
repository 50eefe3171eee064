using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>`calibrate --predict-only` says its rows are predictions of a profile, not held-out ones.</summary>
public class CalibratePredictOnlyTests
{
    private static CliProcess.Result Predict(ScenarioWorkspace ws, params string[] options)
    {
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string a = RunFiles.Write(runs, RunFiles.Measured("a20", 20, 0.97));
        string b = RunFiles.Write(runs, RunFiles.Measured("a40", 40, 0.95));
        return CliProcess.Run(ws.Root, ["calibrate", a, b, "--predict-only", .. options]);
    }

    [Fact]
    public void Predictions_are_not_labelled_held_out_and_have_no_fold()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Predictions of profile", result.Stdout);
        Assert.DoesNotContain("Held-out", result.Stdout);
        Assert.Contains("Predicted runs (no fit, none held out): 2", result.Stdout);
        Assert.All(result.Stdout.Split('\n').Where(l => l.StartsWith("| a", StringComparison.Ordinal)),
            l => Assert.Contains("| none |", l));
        Assert.DoesNotContain("| -1 |", result.Stdout);
    }

    [Fact]
    public void The_made_by_line_records_the_default_replications()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws);
        Assert.Contains("--predict-only --replications 2", result.Stdout);
    }

    [Fact]
    public void Plots_are_drawn_from_the_predictions()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, "--replications", "1", "--plots", "plots-out");
        string plots = Path.Combine(ws.Root, "plots-out");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(Path.Combine(plots, "calibration-predicted-vs-measured.png")), result.Stdout);
        Assert.True(File.Exists(Path.Combine(plots, "calibration-ratio-vs-n.png")));
    }
}
