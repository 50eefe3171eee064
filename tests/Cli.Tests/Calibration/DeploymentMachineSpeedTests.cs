using System.Globalization;
using System.Text.RegularExpressions;
using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// A k6 run made elsewhere says the speed of the machine it ran on (`machine_speed` in its deployment file), and
/// `calibrate --free speed_index` fits the one factor between that machine and the machine a profile's costs were
/// measured on.
/// </summary>
public partial class DeploymentMachineSpeedTests
{
    private const string Summary = """
        {"metrics": {
          "ws_msgs_sent": {"count": 1800, "rate": 45.0},
          "ws_msgs_received": {"count": 30600, "rate": 765.0},
          "ws_session_duration": {"avg": 10150.5, "min": 10001, "med": 10100, "max": 10400,
            "p(90)": 10300, "p(95)": 10350},
          "ws_sessions": {"count": 40, "rate": 2}
        }}
        """;

    private static string Deployment(string? machineSpeed) =>
        "k6_summary: team.summary.json\nusers: 20\ninterval: 0.5s\nsession: 10s\nsessions: 2\ntasks: 1\n"
        + "task_vcpu: 0.25\nsubscription: per-connection\nredis_node: cache.t4g.small\n"
        + (machineSpeed is null ? "" : $"machine_speed: {machineSpeed}\n");

    private static string WriteRun(ScenarioWorkspace ws, string? machineSpeed)
    {
        string k6 = Path.Combine(ws.Root, "calibration", "k6");
        Directory.CreateDirectory(k6);
        File.WriteAllText(Path.Combine(k6, "team.summary.json"), Summary);
        string deployment = Path.Combine(k6, "team.deployment.yaml");
        File.WriteAllText(deployment, Deployment(machineSpeed));
        return deployment;
    }

    [Theory]
    [InlineData("1300000", 1_300_000)]
    [InlineData("fargate-x86", 2_600_000)]
    public void The_machine_speed_is_a_number_or_a_machine_of_the_catalog(string text, double index)
    {
        using var ws = new ScenarioWorkspace();
        CalibrationRun run = DeploymentFile.Read(WriteRun(ws, text));
        Assert.Equal(index, run.Setup.MachineSpeedIndex);
    }

    [Fact]
    public void Without_the_key_the_run_carries_no_speed()
    {
        using var ws = new ScenarioWorkspace();
        Assert.Null(DeploymentFile.Read(WriteRun(ws, null)).Setup.MachineSpeedIndex);
    }

    [Theory]
    [InlineData("probe", "measured elsewhere")]
    [InlineData("quantum-box", "known: local, fargate-x86")]
    [InlineData("-5", "positive speed index")]
    public void A_speed_that_names_no_machine_is_refused_by_key_and_line(string text, string why)
    {
        using var ws = new ScenarioWorkspace();
        string file = WriteRun(ws, text);
        CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", file, "--predict-only");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("team.deployment.yaml:10", result.Stderr);
        Assert.Contains("machine_speed", result.Stderr);
        Assert.Contains(why, result.Stderr);
    }

    [Fact]
    public void Fitting_the_speed_needs_runs_that_carry_one()
    {
        using var ws = new ScenarioWorkspace();
        string file = WriteRun(ws, null);
        string profile = Path.Combine(ws.Root, "fitted.yaml");
        CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", file, "--out", profile, "--start",
            "local-python", "--free", "speed_index", "--folds", "0", "--max-evaluations", "4");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--free speed_index", result.Stderr);
        Assert.Contains("machine_speed", result.Stderr);
        Assert.False(File.Exists(profile));
    }

    [Fact]
    public void The_fitted_profile_is_written_at_the_runs_machine_and_predicts_what_the_fit_did()
    {
        using var ws = new ScenarioWorkspace();
        string file = WriteRun(ws, "fargate-x86");
        string profile = Path.Combine(ws.Root, "calibration", "profiles", "fitted.yaml");
        CliProcess.Result fit = CliProcess.Run(ws.Root, "calibrate", file, "--out", profile, "--start",
            "local-python", "--free", "speed_index", "--folds", "0", "--max-evaluations", "8", "--replications", "1");
        Assert.True(fit.ExitCode == 0, fit.Stderr);
        Assert.Contains("speed_index fitted at", fit.Stdout);

        CostProfile written = ProfileFile.Load(profile);
        CostProfile start = ProfileFile.Load(Path.Combine(ws.Root, "calibration", "profiles", "local-python.yaml"));
        Assert.Equal(2_600_000, written.SpeedIndex);
        // One factor moved every CPU cost and nothing else.
        double factor = written.InboundCpuSeconds / start.InboundCpuSeconds;
        Assert.NotEqual(1.0, factor);
        Assert.Equal(factor, written.DeliveryCpuSeconds / start.DeliveryCpuSeconds, 9);
        Assert.Equal(factor, written.HandshakeCpuSeconds / start.HandshakeCpuSeconds, 9);
        Assert.Equal(start.ClientRttSeconds, written.ClientRttSeconds);

        CliProcess.Result predicted = CliProcess.Run(ws.Root, "calibrate", file, "--start", "fitted",
            "--predict-only", "--replications", "1");
        Assert.True(predicted.ExitCode == 0, predicted.Stderr);
        string fitRatio = ResidualRatio().Match(fit.Stdout).Groups[1].Value;
        Assert.NotEmpty(fitRatio);
        double tableRatio = double.Parse(TableRatio().Match(predicted.Stdout).Groups[1].Value,
            CultureInfo.InvariantCulture);
        Assert.Equal(double.Parse(fitRatio, CultureInfo.InvariantCulture) * 100, tableRatio, 1);
    }

    [GeneratedRegex(@"team: ratio [0-9.]+ -> ([0-9.]+)")]
    private static partial Regex ResidualRatio();

    // The predicted ratio is the column after the measured range.
    [GeneratedRegex(@"\| team \|(?:[^|]*\|){8} [0-9.]+% \| - \| ([0-9.]+)% \|")]
    private static partial Regex TableRatio();
}
