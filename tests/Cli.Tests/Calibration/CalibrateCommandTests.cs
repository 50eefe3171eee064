using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>A small end-to-end calibration: profile, validation table (md + csv) and both plots are written.</summary>
public class CalibrateCommandTests
{
    [Fact]
    public void Calibrate_writes_a_loadable_profile_the_validation_table_and_the_plots()
    {
        using var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string[] files = new[]
        {
            RunFiles.Write(runs, RunFiles.Measured("a20", 20, 0.97)),
            RunFiles.Write(runs, RunFiles.Measured("a40", 40, 0.95)),
            RunFiles.Write(runs,
                RunFiles.Measured("b20", 20, 0.98, mode: FanoutSim.Model.Scenarios.SubscriptionMode.PerTask)),
            RunFiles.Write(runs,
                RunFiles.Measured("b40", 40, 0.96, mode: FanoutSim.Model.Scenarios.SubscriptionMode.PerTask)),
        };
        string profile = Path.Combine(ws.Root, "calibration", "profiles", "fitted.yaml");
        string table = Path.Combine(ws.Root, "calibration", "validation.md");
        string plots = Path.Combine(ws.Root, "plots");
        CliProcess.Result result = CliProcess.Run(ws.Root,
            ["calibrate", .. files, "--out", profile, "--free", "delivery_cpu,close_cpu",
            "--folds", "2", "--max-evaluations", "6", "--table", table, "--plots", plots]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("calibrate: fold 1/2", result.Stderr);
        Assert.Contains("evaluation", result.Stderr);
        CostProfile fitted = ProfileFile.Load(profile);
        Assert.Equal("fitted", fitted.Name);
        string yaml = File.ReadAllText(profile);
        Assert.Contains("fitted_on: [a20, a40, b20, b40]", yaml);
        Assert.Contains("delivery_cpu: ", yaml);
        Assert.Contains("Held-out (2-fold)", yaml);
        string md = File.ReadAllText(table);
        foreach (string run in new[] { "a20", "a40", "b20", "b40" })
        {
            Assert.Single(md.Split('\n'), l => l.StartsWith($"| {run} |", StringComparison.Ordinal));
        }
        string[] csv = File.ReadAllLines(Path.ChangeExtension(table, ".csv"));
        Assert.Equal(5, csv.Length);
        Assert.All(csv.Skip(1), l => Assert.Contains(",true,", l));
        foreach (string png in new[] { "calibration-predicted-vs-measured.png", "calibration-ratio-vs-n.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(plots, png));
            Assert.True(bytes.Length > 1000);
            Assert.Equal(0x89, bytes[0]);
            Assert.Equal((byte)'P', bytes[1]);
        }
    }

    [Fact]
    public void With_fit_connect_close_the_profile_says_so_in_its_command_and_its_error()
    {
        using var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string[] files = [RunFiles.Write(runs, RunFiles.Measured("a20", 20, 0.97)),
            RunFiles.Write(runs, RunFiles.Measured("a40", 40, 0.95))];
        string profile = Path.Combine(ws.Root, "calibration", "profiles", "fitted.yaml");

        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--out", profile, "--free",
            "close_cpu", "--folds", "0", "--max-evaluations", "4", "--fit-connect-close"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string yaml = File.ReadAllText(profile);
        Assert.Contains("--replications 2 --fit-connect-close", yaml);
        Assert.Contains("0.1 s of session avg, 0.1 s of connect avg, 0.1 s of close avg each count 1", yaml);
    }

    [Fact]
    public void The_profile_description_names_every_folder_its_runs_came_from_repeats_included()
    {
        using var ws = new ScenarioWorkspace();
        string day1 = Path.Combine(ws.Root, "day1"), day2 = Path.Combine(ws.Root, "day2");
        string[] files = [RunFiles.Write(day1, RunFiles.Measured("a20", 20, 0.97)),
            RunFiles.Write(day1, RunFiles.Measured("a40", 40, 0.95)),
            RunFiles.Write(day2, RunFiles.Measured("a20", 20, 0.96))];
        string profile = Path.Combine(ws.Root, "fitted.yaml");

        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--out", profile, "--free",
            "close_cpu", "--folds", "0", "--max-evaluations", "4"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string description = File.ReadAllLines(profile)[2];
        Assert.Contains("to 2 runs from 3 files", description);
        Assert.Contains("day1, ", description);
        Assert.EndsWith("day2).", description);
    }

    [Fact]
    public void An_unknown_free_parameter_is_a_usage_error()
    {
        using var ws = new ScenarioWorkspace();
        string run = RunFiles.Write(Path.Combine(ws.Root, "runs"), RunFiles.Measured("a", 20, 0.97));
        CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", run, "--out", "x.yaml", "--free",
            "delivery_cpu,warp_speed");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("warp_speed", result.Stderr);
        Assert.False(File.Exists(Path.Combine(ws.Root, "x.yaml")));
    }
}
