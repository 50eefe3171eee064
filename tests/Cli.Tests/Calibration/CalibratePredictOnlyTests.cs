using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

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

    [Fact]
    public void Without_a_setup_measured_at_two_n_the_ratio_vs_n_plot_is_not_drawn_and_that_is_said()
    {
        using var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string a = RunFiles.Write(runs, RunFiles.Measured("a20", 20, 0.97));
        string b = RunFiles.Write(runs,
            RunFiles.Measured("b40", 40, 0.95, mode: FanoutSim.Model.Scenarios.SubscriptionMode.PerTask));
        CliProcess.Result result = CliProcess.Run(ws.Root,
            ["calibrate", a, b, "--predict-only", "--replications", "1", "--plots", "plots-out"]);
        string plots = Path.Combine(ws.Root, "plots-out");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(Path.Combine(plots, "calibration-predicted-vs-measured.png")), result.Stdout);
        Assert.False(File.Exists(Path.Combine(plots, "calibration-ratio-vs-n.png")));
        Assert.Contains("calibration-ratio-vs-n.png not drawn: no setup was measured at two or more N", result.Stdout);
    }

    [Fact]
    public void Reports_writes_each_runs_predicted_report_named_after_it()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, "--replications", "1", "--reports", "predicted", "--table", "t.md");
        Assert.True(result.ExitCode == 0, result.Stderr);
        string folder = Path.Combine(ws.Root, "predicted");
        Assert.Equal(["a20.json", "a40.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        RunReport report = RunReportJson.Deserialize(File.ReadAllText(Path.Combine(folder, "a40.json")));
        Assert.Equal(40, report.Setup.Users);
        // The table's predicted ratio is the report's.
        string[] lines = File.ReadAllLines(Path.Combine(ws.Root, "t.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "predicted_ratio");
        string row = lines.Single(l => l.StartsWith("a40,", StringComparison.Ordinal));
        Assert.Equal(report.Metrics.DeliveryRatio, Parse(row.Split(',')[column]), 5);
        Assert.True(Parse(report.Environment["forwarder_writes"]) > 0);
        Assert.Contains("--reports predicted", result.Stdout);
    }

    [Fact]
    public void Reports_into_a_file_is_refused_before_any_work()
    {
        using var ws = new ScenarioWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "taken"), "x");
        CliProcess.Result result = Predict(ws, "--reports", "taken");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--reports", result.Stderr);
    }

    private static double Parse(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
