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
    public void Sample_keeps_replication_0s_time_series_in_the_json_and_changes_no_result()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        string plain = Path.Combine(ws.Root, "plain.json"), sampled = Path.Combine(ws.Root, "sampled.json");
        Assert.Equal(0, CliProcess.Run(ws.Root, "run", scenario, "--replications", "2", "--json", plain).ExitCode);
        Assert.Equal(0, CliProcess.Run(ws.Root, "run", scenario, "--replications", "2", "--sample", "500ms",
            "--json", sampled).ExitCode);
        RunReport a = RunReportJson.Deserialize(File.ReadAllText(plain));
        RunReport b = RunReportJson.Deserialize(File.ReadAllText(sampled));
        Assert.Null(a.TimeSeries);
        Assert.Equal(a.Metrics, b.Metrics);
        Assert.Equal(a.Replications, b.Replications);
        TimeSeries series = Assert.IsType<TimeSeries>(b.TimeSeries);
        Assert.Equal(0.5, series.IntervalSeconds);
        // Replication 0's deliveries, sample by sample, add up to what it received up to its last sample (the last
        // part-interval is not sampled).
        double received = series.Samples.Sum(s => s.DeliveredPerSecond * series.IntervalSeconds);
        Assert.InRange(received, 0.8 * b.Replications[0].WsMsgsReceived, b.Replications[0].WsMsgsReceived + 1e-6);
        Assert.True(series.Samples.Count >= (int)(b.Replications[0].DurationSeconds / 0.5) - 1,
            $"{series.Samples.Count} samples over {b.Replications[0].DurationSeconds} s");
    }

    [Fact]
    public void A_sample_interval_that_is_not_a_positive_duration_is_exit_2_before_the_run()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--sample", "0s");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sample expects a positive duration such as 1s or 500ms, got '0s'", result.Stderr);
        Assert.DoesNotContain("ws_msgs_sent", result.Stdout);
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
