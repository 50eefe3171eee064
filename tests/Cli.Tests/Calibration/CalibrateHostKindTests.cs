using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.LoadGen;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// calibrate and host kinds: a profile fitted on one kind predicting runs of another warns once on stderr and once in
/// the table's head, and the run still goes; a fit on one kind writes it as fitted_host.
/// </summary>
public class CalibrateHostKindTests
{
    private const string Slow = "AMD EPYC, 2 CPUs, 2096 MHz";
    private const string Fast = "AMD EPYC, 2 CPUs, 2596.1 MHz";

    /// <summary>A small measured run whose environment records <paramref name="host"/> (none when null).</summary>
    private static RunReport On(string name, int users, double ratio, string? host)
    {
        RunReport run = RunFiles.Measured(name, users, ratio);
        if (host is null)
        {
            return run;
        }
        Assert.True(HostKind.TryParse(host, out HostKind kind, out _));
        var environment = new Dictionary<string, string>(run.Environment)
        {
            ["cpu_model"] = kind.CpuModel,
            ["nproc"] = kind.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["cpu_mhz"] = kind.Mhz.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["kernel"] = "6.18.44-fc-v1272",
        };
        return run with { Environment = environment };
    }

    /// <summary>The committed local.yaml with its fitted_host set to <paramref name="host"/> (removed when null).
    /// </summary>
    private static string Profile(ScenarioWorkspace ws, string? host)
    {
        string local = File.ReadAllText(Path.Combine(ws.Root, "calibration", "profiles", "local.yaml"));
        string[] lines = local.Split('\n').Where(l => !l.StartsWith("fitted_host:", StringComparison.Ordinal))
            .SelectMany(l => l.StartsWith("fitted_on:", StringComparison.Ordinal) && host is not null
                ? new[] { l, "fitted_host: " + host }
                : [l])
            .ToArray();
        return ws.Write("start.yaml", string.Join('\n', lines));
    }

    private static CliProcess.Result Predict(ScenarioWorkspace ws, string? profileHost, params string?[] runHosts)
    {
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string[] files = runHosts.Select((h, i) => RunFiles.Write(runs, On($"r{i}", 20 + 10 * i, 0.97, h)))
            .ToArray();
        return CliProcess.Run(ws.Root, ["calibrate", .. files, "--predict-only", "--replications", "1",
            "--start", Profile(ws, profileHost), "--table", "table.md"]);
    }

    private static string[] Warnings(string text) =>
        text.Split('\n').Where(l => l.Contains("another host kind", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Folds_are_counted_by_setup_so_a_setup_on_two_host_kinds_counts_once_and_too_many_is_a_usage_error()
    {
        using var ws = new ScenarioWorkspace();
        string[] files = new[] { "slow", "fast" }.SelectMany(kind => new[] { "r0", "r1" }.Select((name, i) =>
                RunFiles.Write(Path.Combine(ws.Root, "calibration", "runs", kind),
                    On(name, 20 + 10 * i, 0.97, kind == "slow" ? Slow : Fast))))
            .ToArray();
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--start", Profile(ws, Slow),
            "--folds", "3", "--max-evaluations", "2", "--replications", "1", "--free", "task_overhead_cores",
            "--out", "fitted.yaml"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--folds 3: only 2 usable setups (4 runs, a setup on several host kinds counting once)",
            result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(File.Exists(Path.Combine(ws.Root, "fitted.yaml")));
    }

    [Fact]
    public void Runs_of_another_host_kind_warn_once_on_stderr_and_once_in_the_table_head_and_still_run()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, Fast, Slow, Slow, null);
        Assert.True(result.ExitCode == 0, result.Stderr);
        string warning = Assert.Single(Warnings(result.Stderr));
        Assert.StartsWith("calibrate: warning: profile local was fitted on " + Fast, warning);
        Assert.Contains($"2 of 3 run file(s) ran on another host kind (2 on {Slow})", warning);
        Assert.Contains("Across host kinds the committed profiles missed by 20-45 pp on average "
            + "(README \"Host kinds\")", warning);
        string table = File.ReadAllText(Path.Combine(ws.Root, "table.md"));
        string head = Assert.Single(Warnings(table));
        Assert.StartsWith("**Warning:** profile local was fitted on " + Fast, head);
        Assert.True(table.IndexOf(head, StringComparison.Ordinal) < table.IndexOf("| run |", StringComparison.Ordinal));
        Assert.Single(Warnings(result.Stdout));
        Assert.All(new[] { "r0", "r1", "r2" },
            r => Assert.Single(table.Split('\n'), l => l.StartsWith($"| {r} |", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(Slow, Slow)]
    [InlineData("AMD EPYC, 2 CPUs, 2100 MHz", Slow)]
    [InlineData(null, Fast)]
    [InlineData(Slow, null)]
    public void No_warning_when_the_kinds_match_or_either_side_does_not_say(string? profileHost, string? runHost)
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = Predict(ws, profileHost, runHost, runHost);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Empty(Warnings(result.Stderr));
        Assert.Empty(Warnings(result.Stdout));
        Assert.DoesNotContain("Warning", File.ReadAllText(Path.Combine(ws.Root, "table.md")));
    }

    [Fact]
    public void A_fit_from_a_profile_of_another_kind_says_its_costs_outside_free_stay_and_writes_the_runs_kind()
    {
        using var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string[] files =
        [
            RunFiles.Write(runs, On("a20", 20, 0.97, Slow)),
            RunFiles.Write(runs, On("a40", 40, 0.9, Slow)),
        ];
        string profile = Path.Combine(ws.Root, "fitted.yaml");
        CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--out", profile, "--start",
            Profile(ws, Fast), "--free", "delivery_cpu", "--folds", "0", "--max-evaluations", "3",
            "--replications", "1"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        string warning = Assert.Single(Warnings(result.Stderr));
        Assert.StartsWith($"calibrate: warning: start profile local was fitted on {Fast} (its costs outside --free "
            + "stay as fitted there)", warning);
        Assert.Equal(Slow, ProfileFile.Read(profile).FittedHost?.ToText());
    }

    [Fact]
    public void A_fit_over_several_host_kinds_or_runs_without_one_writes_no_fitted_host()
    {
        using var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        foreach ((string name, string? second) in new[] { ("mixed", Fast), ("unknown", (string?)null) })
        {
            string[] files =
            [
                RunFiles.Write(runs, On(name + "20", 20, 0.97, Slow)),
                RunFiles.Write(runs, On(name + "40", 40, 0.9, second)),
            ];
            string profile = Path.Combine(ws.Root, name + ".yaml");
            CliProcess.Result result = CliProcess.Run(ws.Root, ["calibrate", .. files, "--out", profile,
                "--free", "delivery_cpu", "--folds", "0", "--max-evaluations", "3", "--replications", "1"]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Null(ProfileFile.Read(profile).FittedHost);
        }
    }
}
