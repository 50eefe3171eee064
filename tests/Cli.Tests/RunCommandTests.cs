using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests;

public class RunCommandTests
{
    [Fact]
    public void Run_prints_a_k6_like_summary_and_writes_the_full_result_as_json()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        string json = Path.Combine(ws.Root, "out", "small.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ws_msgs_sent", result.Stdout);
        Assert.Contains("delivery_ratio", result.Stdout);
        Assert.Contains("bottleneck:", result.Stdout);
        RunReport report = RunReportJson.Deserialize(File.ReadAllText(json));
        Assert.Equal("simulated", report.Source);
        Assert.Equal(20, report.Setup.Users);
        Assert.Equal(report.Metrics.WsMsgsSent * 20, report.Metrics.Expected);
        Assert.Equal(20, report.Metrics.WsSessions);
    }

    [Fact]
    public void Seed_and_replications_options_change_the_run_and_reproduce_it()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        string a = Path.Combine(ws.Root, "a.json"), b = Path.Combine(ws.Root, "b.json"),
            c = Path.Combine(ws.Root, "c.json");
        Assert.Equal(0,
            CliProcess.Run(ws.Root, "run", scenario, "--seed", "5", "--replications", "3", "--json", a).ExitCode);
        Assert.Equal(0,
            CliProcess.Run(ws.Root, "run", scenario, "--seed", "5", "--replications", "3", "--json", b).ExitCode);
        Assert.Equal(0,
            CliProcess.Run(ws.Root, "run", scenario, "--seed", "6", "--replications", "3", "--json", c).ExitCode);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
        RunReport ra = RunReportJson.Deserialize(File.ReadAllText(a));
        RunReport rc = RunReportJson.Deserialize(File.ReadAllText(c));
        Assert.Equal(3, ra.Replications.Count);
        Assert.NotNull(ra.Confidence);
        Assert.Equal(5UL, ra.Setup.Seed);
        Assert.NotEqual(ra.Metrics, rc.Metrics);
    }

    [Fact]
    public void Set_overrides_durations_with_units()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        string json = Path.Combine(ws.Root, "set.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--set", "interval=500ms", "--set",
            "ramp=2m", "--json", json);
        Assert.Equal(0, result.ExitCode);
        RunSetup setup = RunReportJson.Deserialize(File.ReadAllText(json)).Setup;
        Assert.Equal((0.5, 120.0), (setup.IntervalSeconds, setup.RampSeconds));
    }

    [Fact]
    public void A_simulated_run_records_ramp_memory_and_link_in_its_setup()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom + "\nramp: 3s\ntask_memory_gb: 1\n");
        string json = Path.Combine(ws.Root, "small.json");
        Assert.Equal(0, CliProcess.Run(ws.Root, "run", scenario, "--json", json).ExitCode);
        string text = File.ReadAllText(json);
        Assert.Contains("\"ramp_seconds\": 3", text);
        Assert.Contains("\"task_memory_gb\": 1", text);
        Assert.Contains("\"redis_link\": \"catalog-node\"", text);
        Assert.Contains("\"subscription\": \"per-connection\"", text);
    }
}
