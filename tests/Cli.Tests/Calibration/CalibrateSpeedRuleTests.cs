using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>`calibrate --speed-rule` picks the speed every run is predicted at, and says which for how many files.
/// </summary>
public class CalibrateSpeedRuleTests
{
    private static CliProcess.Result Predict(ScenarioWorkspace ws, params string[] options)
    {
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string placed = RunFiles.Write(runs, WithSpeeds(RunFiles.Measured("a20", 20, 0.97), new()
        {
            ["speed_index"] = "2000000",
            ["speed_index_server"] = "2300000",
            ["speed_index_server_probes"] = "2100000",
            ["speed_index_server_rule"] = "in-run: each CPU's sampled speed",
        }));
        string old = RunFiles.Write(runs, WithSpeeds(RunFiles.Measured("a40", 40, 0.95), new()
        {
            ["speed_index"] = "2000000",
        }));
        return CliProcess.Run(ws.Root, ["calibrate", placed, old, "--predict-only", "--replications", "1",
            .. options]);
    }

    private static RunReport WithSpeeds(RunReport report, Dictionary<string, string> speeds)
    {
        var env = new Dictionary<string, string>(report.Environment);
        foreach ((string key, string value) in speeds)
        {
            env[key] = value;
        }
        return report with { Environment = env };
    }

    [Fact]
    public void By_default_the_in_run_rule_is_used_falling_back_to_the_probes_and_said_for_how_many_files()
    {
        // Neither file has a timeline: the in-run rule falls back to the probes' for both, and says so.
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("--speed-rule in-run (the default;", result.Stderr);
        Assert.Contains("1 run file(s) at the probes' speed where the servers ran", result.Stderr);
        Assert.Contains("1 run file(s) at the probes' mean over every CPU", result.Stderr);
        Assert.Contains("--speed-rule in-run --predict-only", result.Stdout);
    }

    [Fact]
    public void The_probes_rule_is_named_with_its_counts()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, "--speed-rule", "probes");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("--speed-rule probes (one of", result.Stderr);
        Assert.Contains("1 run file(s) at the probes' speed where the servers ran", result.Stderr);
        Assert.Contains("--speed-rule probes --predict-only", result.Stdout);
    }

    [Fact]
    public void The_none_rule_sets_every_index_aside_without_calling_it_unknown()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, "--speed-rule", "none");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("2 run file(s) at the profile's own speed (their indexes ignored)", result.Stderr);
        Assert.DoesNotContain("carry no speed index", result.Stderr);
    }

    [Fact]
    public void An_unknown_rule_is_refused_with_the_known_ones()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, "--speed-rule", "fastest");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--speed-rule: got 'fastest'; expected one of probes, in-run, machine, none", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private static (string Run, string Anchor, string Bare) ReferenceFiles(ScenarioWorkspace ws)
    {
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string run = RunFiles.Write(runs, WithSpeeds(RunFiles.Measured("r20", 20, 0.97), new()
        {
            ["speed_index"] = "2000000",
            ["speed_reference_us_per_copy"] = "40",
        }));
        string anchor = RunFiles.Write(Path.Combine(runs, "anchors"), WithSpeeds(RunFiles.Measured("a20", 20, 0.97),
            new() { ["speed_reference_us_per_copy"] = "30" }));
        string bare = RunFiles.Write(runs, WithSpeeds(RunFiles.Measured("b40", 40, 0.95), new()
        {
            ["speed_index"] = "2000000",
        }));
        return (run, anchor, bare);
    }

    [Fact]
    public void The_reference_rule_predicts_each_run_against_the_anchor_runs_of_its_mode_and_says_so()
    {
        using var ws = new ScenarioWorkspace();
        (string run, string anchor, _) = ReferenceFiles(ws);
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only", "--replications", "1",
            "--speed-rule", "reference", "--speed-reference-from", anchor]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("1 run file(s) at the profile's speed x the anchor runs' speed reference", result.Stderr);
        Assert.Contains("calibrate: speed reference anchors (1 run file(s), standing for speed index ", result.Stderr);
        Assert.Contains("): per-connection, 1 task 30.0 us per copy", result.Stderr);
        Assert.Contains("--speed-rule reference --speed-reference-from ", result.Stdout);
    }

    [Fact]
    public void The_reference_rule_refuses_a_run_without_a_reference_by_name()
    {
        using var ws = new ScenarioWorkspace();
        (string run, string anchor, string bare) = ReferenceFiles(ws);
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", run, bare, "--predict-only",
            "--speed-rule", "reference", "--speed-reference-from", anchor]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("b40.json: carries no speed reference", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void The_reference_rule_needs_anchors_and_anchors_need_the_reference_rule()
    {
        using var ws = new ScenarioWorkspace();
        (string run, string anchor, string bare) = ReferenceFiles(ws);
        CliProcess.Result without = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only",
            "--speed-rule", "reference"]);
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--speed-rule reference: name the anchor runs", without.Stderr);
        CliProcess.Result other = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only",
            "--speed-reference-from", anchor]);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("--speed-reference-from: only with --speed-rule reference", other.Stderr);
        CliProcess.Result bad = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only",
            "--speed-rule", "reference", "--speed-reference-from", bare]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--speed-reference-from: " + bare + ": carries no speed reference", bad.Stderr);
        Assert.DoesNotContain("   at ", bad.Stderr);
        CliProcess.Result unanchored = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only",
            "--set", "speed_index=0", "--speed-rule", "reference", "--speed-reference-from", anchor]);
        Assert.Equal(2, unanchored.ExitCode);
        Assert.Contains("--speed-rule reference: profile ", unanchored.Stderr);
        Assert.Contains(" records no speed_index for the anchor runs to stand for", unanchored.Stderr);
    }

    [Fact]
    public void The_reference_exponent_is_echoed_and_refused_unless_a_positive_number_with_the_reference_rule()
    {
        using var ws = new ScenarioWorkspace();
        (string run, string anchor, _) = ReferenceFiles(ws);
        CliProcess.Result half = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only", "--replications", "1",
            "--speed-rule", "reference", "--speed-reference-from", anchor, "--speed-reference-exponent", "0.5"]);
        Assert.True(half.ExitCode == 0, half.Stderr);
        Assert.Contains(", reference exponent 0.5): per-connection, 1 task 30.0 us per copy", half.Stderr);
        Assert.Contains(" --speed-reference-exponent 0.5 --predict-only", half.Stdout);
        CliProcess.Result zero = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only",
            "--speed-rule", "reference", "--speed-reference-from", anchor, "--speed-reference-exponent", "0"]);
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--speed-reference-exponent: expected a positive number E", zero.Stderr);
        Assert.Contains("got '0'", zero.Stderr);
        Assert.DoesNotContain("   at ", zero.Stderr);
        CliProcess.Result other = CliProcess.Run(ws.Root, ["calibrate", run, "--predict-only",
            "--speed-rule", "none", "--speed-reference-exponent", "0.5"]);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("--speed-reference-exponent: only with --speed-rule reference", other.Stderr);
    }
}
