using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// Bad run files are named and rejected (exit 2, nothing written) or, on request, skipped; never silently used.
/// </summary>
public class CalibrateInputTests
{
    private static (ScenarioWorkspace Ws, string Runs) Workspace()
    {
        var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        RunFiles.Write(runs, RunFiles.Measured("good-a", 20, 0.98));
        RunFiles.Write(runs,
            RunFiles.Measured("good-b", 30, 0.97, mode: FanoutSim.Model.Scenarios.SubscriptionMode.PerTask));
        return (ws, runs);
    }

    private static void AssertRejected(string badName, string content, params string[] expected)
    {
        (ScenarioWorkspace? ws, string? runs) = Workspace();
        using (ws)
        {
            string bad = Path.Combine(runs, badName);
            File.WriteAllText(bad, content);
            string profile = Path.Combine(ws.Root, "out.yaml");
            CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", Path.Combine(runs, "good-a.json"), bad,
                Path.Combine(runs, "good-b.json"),
                "--out", profile, "--folds", "0", "--max-evaluations", "2");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(badName, result.Stderr);
            foreach (string e in expected)
            {
                Assert.Contains(e, result.Stderr);
            }
            Assert.DoesNotContain("good-a.json", result.Stderr);
            Assert.False(File.Exists(profile));
            Assert.Empty(Directory.GetFiles(ws.Root, "out.yaml*"));
        }
    }

    [Fact]
    public void A_truncated_run_file_is_named_and_rejected()
    {
        string whole = File.ReadAllText(Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "runs",
            "n100-i1-t1-q0.25-bwnone-pertask.json"));
        AssertRejected("cut.json", whole[..(whole.Length / 2)], "not valid JSON", "truncated or corrupt");
    }

    [Fact]
    public void A_run_file_without_metrics_is_named_and_rejected()
    {
        string json = FanoutSim.Model.Results.RunReportJson.Serialize(RunFiles.Measured("x", 20, 0.9));
        int start = json.IndexOf("\"metrics\"", StringComparison.Ordinal);
        int end = json.IndexOf("\"resources\"", StringComparison.Ordinal);
        AssertRejected("nometrics.json", json[..start] + json[end..], "has no 'metrics'");
    }

    [Fact]
    public void A_ratio_that_does_not_match_received_over_expected_is_rejected()
    {
        string json = FanoutSim.Model.Results.RunReportJson.Serialize(RunFiles.Measured("x", 20, 0.9));
        json = json.Replace("\"delivery_ratio\": 0.9", "\"delivery_ratio\": 0.5", StringComparison.Ordinal);
        AssertRejected("edited.json", json, "metrics.delivery_ratio is 0.5", "received / (ws_msgs_sent x users) = 0.9");
    }

    [Fact]
    public void An_unknown_subscription_mode_is_rejected() =>
        AssertRejected("mode.json", FanoutSim.Model.Results.RunReportJson.Serialize(RunFiles.Measured("x", 20, 0.9))
            .Replace("\"per-connection\"", "\"broadcast\"", StringComparison.Ordinal),
            "setup.subscription is 'broadcast'");

    [Fact]
    public void An_empty_file_is_rejected() => AssertRejected("empty.json", "", "is empty");

    [Fact]
    public void Skip_invalid_names_the_bad_file_and_uses_only_the_good_ones()
    {
        (ScenarioWorkspace? ws, string? runs) = Workspace();
        using (ws)
        {
            File.WriteAllText(Path.Combine(runs, "broken.json"), "{\"schema\": \"fanoutsim.run/1\", ");
            CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", Path.Combine(runs, "good-a.json"),
                Path.Combine(runs, "broken.json"),
                Path.Combine(runs, "good-b.json"), "--predict-only", "--skip-invalid", "--start", "aws-fargate-python");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("skipping", result.Stderr);
            Assert.Contains("broken.json", result.Stderr);
            Assert.Contains("| good-a |", result.Stdout);
            Assert.Contains("| good-b |", result.Stdout);
            Assert.DoesNotContain("| broken", result.Stdout);
        }
    }

    [Fact]
    public void A_k6_summary_pairs_with_its_deployment_file()
    {
        using var ws = new ScenarioWorkspace();
        string k6 = Path.Combine(ws.Root, "k6");
        Directory.CreateDirectory(k6);
        File.WriteAllText(Path.Combine(k6, "team.summary.json"), """
            {"metrics": {
              "ws_msgs_sent": {"count": 900, "rate": 45.0},
              "ws_msgs_received": {"count": 17100, "rate": 855.0},
              "ws_session_duration": {"avg": 10150.5, "min": 10001, "med": 10100, "max": 10400,
                "p(90)": 10300, "p(95)": 10350},
              "ws_sessions": {"count": 40, "rate": 2}
            }}
            """);
        string summary = Path.Combine(k6, "team.summary.json");
        CliProcess.Result missing = CliProcess.Run(ws.Root, "calibrate", summary, "--predict-only");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("team.summary.json", missing.Stderr);
        Assert.Contains("team.deployment.yaml", missing.Stderr);

        File.WriteAllText(Path.Combine(k6, "team.deployment.yaml"), """
            k6_summary: team.summary.json
            users: 20
            interval: 1s
            session: 10s
            sessions: 2
            tasks: 1
            task_vcpu: 1
            subscription: per-connection
            redis_node: cache.t4g.small
            """);
        CliProcess.Result ok = CliProcess.Run(ws.Root, "calibrate", summary, Path.Combine(k6, "team.deployment.yaml"),
            "--predict-only");
        Assert.Equal(0, ok.ExitCode);
        // 17100 / (900 x 20) = 95.0 %, read once although both files were given.
        Assert.Contains("| team | 20 | 1 | 1 | 1 | cache.t4g.small | per-connection | none | 1 | 95.0% | - |",
            ok.Stdout);
        Assert.Single(ok.Stdout.Split('\n'), l => l.StartsWith("| team |", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deployment_file_that_contradicts_its_summary_is_rejected()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("s.json",
            """{"metrics": {"ws_msgs_sent": {"count": 100}, "ws_msgs_received": """ +
            """{"count": 5000}, "ws_session_duration": {"avg": 10000}}}""");
        string deployment = ws.Write("s.deployment.yaml",
            "k6_summary: s.json\nusers: 10\ninterval: 1s\nsession: 10s\nsessions: 1\ntasks: 1\ntask_vcpu: 1\n" +
            "subscription: per-task\n");
        CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", deployment, "--predict-only");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("s.json", result.Stderr);
        Assert.Contains("do not match", result.Stderr);
    }
}
