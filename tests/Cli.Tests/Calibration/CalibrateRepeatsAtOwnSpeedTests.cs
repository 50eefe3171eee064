using System.Globalization;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>`calibrate --repeats-at-own-speed`: a setup measured twice at different speeds is predicted as the mean of
/// its two runs each predicted alone, not once at their mean speed; the recorded command line and data line say so.
/// </summary>
public class CalibrateRepeatsAtOwnSpeedTests
{
    /// <summary>One saturated setup, measured on a slow and on a fast machine (the profile's speed: 2 600 000).
    /// </summary>
    private static string[] Repeats(ScenarioWorkspace ws, string folder)
    {
        string runs = Path.Combine(ws.Root, "calibration", folder);
        string first = RunFiles.Write(runs, WithSpeed(RunFiles.Measured("knee", 150, 0.5), "1300000"));
        string second = Path.Combine(runs, "knee.r2.json");
        File.WriteAllText(second, RunReportJson.Serialize(WithSpeed(RunFiles.Measured("knee", 150, 0.6), "3900000")));
        return [first, second];
    }

    private static RunReport WithSpeed(RunReport report, string probes)
    {
        var env = new Dictionary<string, string>(report.Environment)
        {
            ["speed_index"] = probes,
            ["speed_index_server_probes"] = probes,
        };
        return report with { Environment = env };
    }

    /// <summary>The predicted ratio of the table's one row (its .csv, to five decimals).</summary>
    private static double Predicted(ScenarioWorkspace ws, string[] files, params string[] options)
    {
        string table = Path.Combine(ws.Root, "table-" + Guid.NewGuid().ToString("N") + ".md");
        // The probes' rule unless the options name one.
        string[] rule = options.Contains("--speed-rule") ? [] : ["--speed-rule", "probes"];
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--predict-only",
            "--replications", "2", .. rule, "--table", table, .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = File.ReadAllLines(Path.ChangeExtension(table, ".csv"));
        Assert.Equal(2, lines.Length);
        int column = Array.IndexOf(lines[0].Split(','), "predicted_ratio");
        return double.Parse(lines[1].Split(',')[column], CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Two_repeats_are_predicted_as_the_mean_of_each_alone_not_at_their_mean_speed()
    {
        using var ws = new ScenarioWorkspace();
        string[] files = Repeats(ws, "runs");

        double own = Predicted(ws, files, "--repeats-at-own-speed");

        double slow = Predicted(ws, [files[0]]);
        double fast = Predicted(ws, [files[1]]);
        Assert.Equal((slow + fast) / 2, own, 4);
        Assert.True(Math.Abs(own - Predicted(ws, files)) > 0.01, "the mean speed's prediction should differ here");
    }

    [Fact]
    public void With_the_none_rule_it_changes_no_prediction_and_says_so()
    {
        using var ws = new ScenarioWorkspace();
        string[] files = Repeats(ws, "runs");

        Assert.Equal(Predicted(ws, files, "--speed-rule", "none"),
            Predicted(ws, files, "--speed-rule", "none", "--repeats-at-own-speed"), 4);
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--predict-only",
            "--replications", "1", "--speed-rule", "none", "--repeats-at-own-speed"]);
        Assert.Contains("--repeats-at-own-speed with --speed-rule none: every repeat is predicted at the profile's "
            + "speed", result.Stderr);
        Assert.Contains("as the mean of its repeats), start profile", result.Stderr);
    }

    [Fact]
    public void The_option_is_in_the_command_line_the_table_records()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. Repeats(ws, "runs"), "--predict-only",
            "--replications", "1", "--repeats-at-own-speed"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("--predict-only --replications 1 --repeats-at-own-speed", result.Stdout);
        Assert.Contains("1 runs from 2 files (a setup measured several times counts once, as the mean of its repeats, "
            + "each predicted at its own speed)", result.Stderr);
    }
}
