using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// `machine_speed` / `--machine-speed`: the machine the deployment runs on, as a speed index, a catalog machine or
/// `probe`; the profile's CPU costs follow it.
/// </summary>
public class MachineSpeedTests
{
    // Case A of the reference system: one task of 1 vCPU is CPU-bound at N = 100 (69 % delivered).
    private const string CaseA = """
        name: case-a
        users: 100
        interval: 1s
        session: 10s
        sessions: 2
        tasks: 1
        task_vcpu: 1
        profile: aws-fargate-python
        redis_node: cache.t4g.small
        seed: 3
        """;

    private static RunReport Run(ScenarioWorkspace ws, string scenario, params string[] extra)
    {
        string json = Path.Combine(ws.Root, $"r-{Guid.NewGuid():N}.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", scenario, "--json", json, .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return RunReportJson.Deserialize(File.ReadAllText(json));
    }

    [Fact]
    public void On_the_catalog_machine_the_profile_was_fitted_for_the_run_is_the_same_and_records_the_machine()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("a.yaml", CaseA);

        RunReport plain = Run(ws, scenario);
        RunReport named = Run(ws, scenario, "--machine-speed", "fargate-x86");

        Assert.Equal(plain.Metrics, named.Metrics);
        Assert.Null(plain.Setup.MachineSpeedIndex);
        Assert.True(named.Setup.MachineSpeedIndex > 0);
    }

    [Fact]
    public void A_slower_machine_delivers_less_and_a_faster_one_more_where_the_task_cpu_limits()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("a.yaml", CaseA);
        double own = Run(ws, scenario, "--machine-speed", "fargate-x86").Setup.MachineSpeedIndex!.Value;

        double Ratio(double factor) => Run(ws, scenario, "--set",
            $"machine_speed={(own * factor).ToString(System.Globalization.CultureInfo.InvariantCulture)}")
            .Metrics.DeliveryRatio;

        double slower = Ratio(0.8), same = Ratio(1), faster = Ratio(1.25);
        Assert.True(slower < same && same < faster, $"{slower:P1} < {same:P1} < {faster:P1} expected");
    }

    [Theory]
    [InlineData("fast", "fargate-x86")]
    [InlineData("-5", "positive speed index")]
    [InlineData("0", "probe")]
    public void A_machine_speed_that_is_not_a_positive_index_a_catalog_machine_or_probe_is_refused(string value,
        string expectedWords)
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", CaseA + $"\nmachine_speed: {value}\n");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:11", result.Stderr);
        Assert.Contains("key 'machine_speed'", result.Stderr);
        Assert.Contains(expectedWords, result.Stderr);
    }

    [Fact]
    public void A_profile_that_records_no_speed_cannot_be_moved_to_another_machine()
    {
        using var ws = new ScenarioWorkspace();
        string profiles = Path.Combine(ws.Root, "calibration", "profiles");
        string[] lines = File.ReadAllLines(Path.Combine(profiles, "aws-fargate-python.yaml"))
            .Where(l => !l.TrimStart().StartsWith("speed_index:", StringComparison.Ordinal)).ToArray();
        File.WriteAllLines(Path.Combine(profiles, "unrecorded.yaml"),
            lines.Select(l => l.StartsWith("name:", StringComparison.Ordinal) ? "name: unrecorded" : l));
        string scenario = ws.Write("bad.yaml", CaseA.Replace("aws-fargate-python", "unrecorded"));

        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--machine-speed", "2000000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("key 'machine_speed'", result.Stderr);
        Assert.Contains("records no speed_index", result.Stderr);
    }

    [Fact]
    public void The_option_and_the_set_key_together_are_refused()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("a.yaml", CaseA);
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--machine-speed", "1000000", "--set",
            "machine_speed=2000000");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--machine-speed", result.Stderr);
    }
}
