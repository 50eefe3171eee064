using System.Globalization;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-error-anatomy.py: a validation table's errors grouped by setup, and fitted costs against benches.
/// </summary>
public sealed class ErrorAnatomyTests : IDisposable
{
    private const string Header = "run,users,interval_s,tasks,task_vcpu,redis_egress_mbps,subscription,fold,held_out,"
        + "repeats,measured_ratio,measured_ratio_min,measured_ratio_max,predicted_ratio,abs_error_pp";

    private static readonly CalibrationScript s_script = new("python-error-anatomy.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("error-anatomy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Groups_signed_errors_by_quota_and_names_the_worst_with_its_sign()
    {
        string csv = Write("v.csv", Header,
            "a-q0.25,50,1,1,0.25,,per-connection,0,true,1,0.70,0.70,0.70,0.80,10",
            "b-q0.25,75,1,1,0.25,,per-connection,1,true,1,0.50,0.50,0.50,0.46,4",
            "c-q0.5-ramp0s,100,1,1,0.5,,per-connection,2,true,1,0.70,0.70,0.70,0.60,10");
        string output = Path.Combine(_dir, "anatomy.md");

        (int code, string log) = await s_script.RunAsync("--out", output, $"4-fold={csv}");

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        Assert.Contains("| 0.25 | 2 | +3.0 | 7.0 | +10.0 |", text);
        Assert.Contains("| 0.5 | 1 | -10.0 | 10.0 | -10.0 |", text);
        Assert.Contains("| all | 3 | -1.3 | 8.0 | +10.0 |", text);
        Assert.Contains("| aligned (RAMP=0s) | 1 | -10.0 | 10.0 | -10.0 |", text);
        Assert.Empty(Directory.GetFiles(_dir, ".anatomy-*"));
    }

    [Fact]
    public async Task Puts_the_fitted_copy_and_wake_up_costs_beside_the_bench_fits()
    {
        string csv = Write("v.csv", Header, "a,50,1,1,0.25,,per-task,0,true,1,0.70,0.70,0.70,0.80,10");
        string profile = Write("p.yaml", "name: p", "costs:", "  delivery_cpu: 0.002ms", "  subscriber_read_cpu: 38us",
            "  forward_turn_cpu: 0.0001", "  local_fanout_cpu: 0.016ms", "  per_task_turn_cpu: 4us",
            "  inbound_cpu: 1.5ms", "  task_overhead_cores: 0.05");
        string bench = Write("b.txt",
            "  per-connection fit per copy = c + w / b: c    33.88 us  sd   1.18",
            "  per-connection                          w    42.38 us  sd   2.92",
            "  per-task       fit per copy = c + w / b: c    18.76 us  sd   0.15",
            "  per-task                                w    10.90 us  sd   1.00");

        (int code, string log) = await s_script.RunAsync(
            "--profile", profile, "--bench", bench, "--inbound-bench-ms", "3", $"x={csv}");

        Assert.True(code == 0, log);
        Assert.Contains("| per-connection copy (delivery_cpu + subscriber_read_cpu) | 40.0 | 33.9 | 1.18 | c |", log);
        Assert.Contains("| per-connection wake-up (forward_turn_cpu) | 100.0 | 42.4 | 2.36 | w |", log);
        Assert.Contains("| per-task copy (delivery_cpu + local_fanout_cpu) | 18.0 | 18.8 | 0.96 | c |", log);
        Assert.Contains("| inbound message (inbound_cpu) | 1500.0 | 3000.0 | 0.50 | inbound bench |", log);
    }

    [Fact]
    public async Task A_table_without_the_ratio_columns_is_one_line_naming_it_and_exit_2()
    {
        string csv = Write("bad.csv", "run,users", "a,50");

        (int code, string log) = await s_script.RunAsync($"x={csv}");

        Assert.Equal(2, code);
        Assert.Contains($"{csv}: not a calibrate table CSV", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task An_unwritable_output_is_exit_3_before_reading_anything()
    {
        string output = Path.Combine(_dir, "missing", "anatomy.md");

        (int code, string log) = await s_script.RunAsync("--out", output, $"x={Path.Combine(_dir, "none.csv")}");

        Assert.Equal(3, code);
        Assert.Contains($"cannot write {output}", log);
    }

    [Fact]
    public async Task Sets_the_replicas_sessions_beside_the_models()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "runs"));
        string run = Write(Path.Combine("runs", "run.json"), """
            {"source": "measured",
             "setup": {"name": "py-n10", "users": 10, "interval_seconds": 1, "tasks": 1, "task_vcpu": 0.5,
                       "subscription": "per-connection"},
             "metrics": {"ws_msgs_sent": 20, "ws_msgs_received": 200, "delivery_ratio": 0.8,
                         "ws_session_duration": {"avg": 12.0}},
             "environment": {"speed_index": "2500000", "server_cpu_seconds_pid7": "2.0"},
             "server_counters": {"at_end": {"published": 19}},
             "time_series": {"interval_seconds": 1, "samples": [
               {"sent_per_second": 0, "delivered_per_second": 0, "open_connections": 10},
               {"sent_per_second": 10, "delivered_per_second": 90, "open_connections": 10},
               {"sent_per_second": 9, "delivered_per_second": 70, "open_connections": 10},
               {"sent_per_second": 4, "delivered_per_second": 500, "open_connections": 0},
               {"sent_per_second": 0, "delivered_per_second": 0, "open_connections": 0},
               {"sent_per_second": 10, "delivered_per_second": 80, "open_connections": 10},
               {"sent_per_second": 0, "delivered_per_second": 0, "open_connections": 0}]}}
            """);
        string model = Write("model.json", """
            {"source": "simulated",
             "setup": {"name": "py-n10", "users": 10, "tasks": 1, "subscription": "per-connection"},
             "metrics": {"ws_msgs_sent": 20, "ws_msgs_received": 150, "delivery_ratio": 0.5, "ws_sessions": 20,
                         "ws_session_duration": {"avg": 11.5}, "ws_connecting": {"avg": 0.25}},
             "environment": {"events_RedisPublish": "10"}}
            """);
        string profile = Write("p.yaml", "name: p", "costs:", "  speed_index: 2000000");
        string bench = Write("b.txt",
            "  per-connection fit per copy = c + w / b: c    33.88 us  sd   1.18",
            "  per-connection                          w    42.38 us  sd   2.92",
            "  per-task       fit per copy = c + w / b: c    18.76 us  sd   0.15",
            "  per-task                                w    10.90 us  sd   1.00");

        (int code, string log) = await s_script.RunAsync("--profile", profile, "--bench", bench, "--inbound-bench-ms",
            "10", "--sessions", run, "--model", model);

        Assert.True(code == 0, log);
        // Published: 19 and 10 of 20 sent; sending seconds: those at half the full 10/s or more (90, 70, 80); the gap:
        // two seconds none connected between sessions (the last sample's is after them); CPU (2.0 x 2.5 / 2.0 - 20 x
        // 10 ms) / 200 copies.
        Assert.Contains("| runs/run.json | 10 | 1 | 0.5 | 1 | 2.50 | 80.0 | 50.0 | 95 | 50 | 12.00 | 11.50 | 0.25 | "
            + "80 | 2 | 11500.0 |", log);
    }

    [Fact]
    public async Task Sets_aligned_sessions_beside_spread_ones_phase_by_phase_and_takes_their_difference()
    {
        // N = 10 at 1 s: the full rate is 10 sends and 100 deliveries a second.
        string spread = Write("spread.json", MeasuredRun("py-n10", 0.77,
            "[0,0,10],[10,50,10],[10,80,10],[10,90,10],[10,100,10],[10,60,10],[0,30,10],[0,0,0],"
            + "[10,70,10],[10,70,10],[10,70,10],[10,70,10],[10,70,10],[0,10,0]"));
        string aligned = Write("aligned.json", MeasuredRun("py-n10-ramp0s", 0.84,
            "[10,20,10],[10,100,10],[10,100,10],[10,100,10],[10,100,10],[0,0,0]"));
        string other = Write("other.json", MeasuredRun("py-n10-ramp0s", 0.5, "[10,50,10],[10,50,10],[0,0,0]", "2096"));
        string model = Write("model.json", """
            {"source": "simulated",
             "setup": {"name": "py-n10-ramp0s", "users": 10, "interval_seconds": 1, "tasks": 1,
                       "subscription": "per-connection", "machine_speed_index": 2500000},
             "metrics": {"ws_msgs_sent": 20, "ws_msgs_received": 120, "delivery_ratio": 0.6, "ws_sessions": 10,
                         "ws_session_duration": {"avg": 11}, "ws_connecting": {"avg": 0.5}},
             "environment": {"events_RedisPublish": "20"},
             "time_series": {"interval_seconds": 1, "samples": [
               {"sent_per_second": 10, "delivered_per_second": 50, "open_connections": 10},
               {"sent_per_second": 10, "delivered_per_second": 50, "open_connections": 10},
               {"sent_per_second": 0, "delivered_per_second": 100, "open_connections": 0}]}}
            """);

        (int code, string log) = await s_script.RunAsync("--sessions", spread, "--sessions", aligned, "--sessions",
            other, "--model", model);

        Assert.True(code == 0, log);
        // Spread: sessions of 50 / 80 / 90 / (100) / 60 % and 30 % after (410 of 500), and 5 x 70 % with 10 % after
        // (360 of 500); one second with none connected between them.
        Assert.Contains("| py-n10 | spread | replica, mean | 2596.1 MHz | 1 | - | 77.0 | 60.0 | 75.0 | 80.0 | 85.0 | "
            + "65.0 | 20.0 | 77.0 | 1.0 |", log);
        // The model's session has two sending seconds: no third, nothing between the third and the last.
        Assert.Contains("| py-n10 | aligned | model model.json | - | - | 2.50 | 60.0 | 50.0 | 50.0 | - | - | 50.0 | "
            + "100.0 | 100.0 | 0 |", log);
        Assert.Contains("| py-n10 | replica, 2596.1 MHz | +7.0 | -40.0 | +25.0 | +20.0 | +15.0 | +35.0 | -20.0 | "
            + "+7.0 | -1.0 |", log);
        // A run of another host is neither averaged with these nor set against them.
        Assert.Contains("| py-n10 | aligned | replica, mean | 2096 MHz | 1 |", log);
        Assert.DoesNotContain("| py-n10 | replica, 2096 MHz |", log);
        Assert.DoesNotContain("| py-n10 | model |", log);
    }

    [Fact]
    public async Task Says_whether_an_aligned_difference_is_beyond_the_repeats_scatter()
    {
        const string Samples = "[10,70,10],[10,70,10],[0,0,0]";
        var runs = new List<string>();
        // N = 10: aligned 84 / 86 / 85 % against spread 70 / 72 / 71 %, one run's sd 1 pp: t = 14 / (1 x
        // sqrt(2 / 3)) = 17.15 on 4 dof, far beyond 2.78. N = 20: aligned 85 / 65 against spread 70 / 80 / 60,
        // pooled sd sqrt(0.04 / 3) = 11.5 pp, t = 5 / (11.5 x sqrt(1 / 2 + 1 / 3)) = 0.47 on 3 dof: within scatter.
        foreach ((string name, double[] ratios) in new[]
        {
            ("py-n10-ramp0s", new[] { 0.84, 0.86, 0.85 }), ("py-n10", new[] { 0.70, 0.72, 0.71 }),
            ("py-n20-ramp0s", new[] { 0.85, 0.65 }), ("py-n20", new[] { 0.70, 0.80, 0.60 }),
        })
        {
            for (int i = 0; i < ratios.Length; i++)
            {
                runs.Add("--sessions");
                runs.Add(Write($"{name}.r{i}.json", MeasuredRun(name, ratios[i], Samples)));
            }
        }

        (int code, string log) = await s_script.RunAsync([.. runs]);

        Assert.True(code == 0, log);
        Assert.Contains("| py-n10 | replica, 2596.1 MHz | +14.0 |", log);
        Assert.Contains("| 3 / 3 | 1.0 | +17.15 (4) | yes |", log);
        Assert.Contains("| py-n20 | replica, 2596.1 MHz | +5.0 |", log);
        Assert.Contains("| 2 / 3 | 11.5 | +0.47 (3) | no |", log);
    }

    [Fact]
    public async Task Gives_each_hosts_repeat_scatter_and_how_it_follows_each_speed_index()
    {
        const string Samples = "[10,70,10],[10,70,10],[0,0,0]";
        var runs = new List<string>();
        // Three runs of one setup at an in-run speed of 1.0 / 1.1 / 1.2 million delivering 70 / 80 / 90 %: 10 pp
        // of ratio for every 9.09 % of speed (slope 1.10, r 1); the probes read the same for all three (no r).
        for (int i = 0; i < 3; i++)
        {
            runs.Add("--sessions");
            runs.Add(Write($"r{i}.json", MeasuredRun("py-n10", 0.7 + (0.1 * i), Samples, "2596.1",
                $"\"speed_index_server\": \"{1_000_000 + (100_000 * i)}\", \"speed_index_server_rule\": \"in-run: x\", "
                + "\"speed_index_server_probes\": \"2000000\", ")));
        }
        runs.Add("--sessions");
        runs.Add(Write("alone.json", MeasuredRun("py-n20", 0.5, Samples, "2096")));
        // A fourth repeat the guard marked contaminated is left out, as calibrate leaves it out.
        runs.Add("--sessions");
        runs.Add(Write("dirty.json", MeasuredRun("py-n10", 0.1, Samples, "2596.1", "\"contaminated\": \"true\", ")));

        (int code, string log) = await s_script.RunAsync([.. runs]);

        Assert.True(code == 0, log);
        // Their mean in-run speed index: 1.1 million.
        Assert.Contains("| 2596.1 MHz | py-n10 | 3 | 80.0 | 70.0 | 90.0 | 10.0 | 1.10 |", log);
        Assert.Contains("| 2596.1 MHz | 1 | 3 | 10.0 (2) | +1.00 | +1.10 | - | - | - | - |", log);
        Assert.Contains("Left out, marked contaminated by the run's guard (environment.contaminated; "
            + $"--include-contaminated keeps them): 1 run: {Path.GetFileName(_dir)}/dirty.json.", log);
        // A setup measured once on its host is no repeat.
        Assert.DoesNotContain("| 2096 MHz |", log);
    }

    [Fact]
    public async Task Keeps_the_runs_marked_contaminated_when_asked_and_names_them_so()
    {
        const string Samples = "[10,70,10],[10,70,10],[0,0,0]";
        var runs = new List<string>();
        // Two clean repeats (70 / 90 %) and one the guard marked (20 %): kept, the setup's mean is 60 %.
        foreach ((string file, double ratio, string environment) in new[]
        {
            ("a.json", 0.7, ""), ("b.json", 0.9, ""), ("dirty.json", 0.2, "\"contaminated\": \"true\", "),
        })
        {
            runs.Add("--sessions");
            runs.Add(Write(file, MeasuredRun("py-n10", ratio, Samples, "2596.1", environment)));
        }

        (int code, string log) = await s_script.RunAsync([.. runs, "--include-contaminated"]);
        (int leftCode, string leftLog) = await s_script.RunAsync([.. runs]);

        Assert.True(code == 0, log);
        Assert.Contains("Kept (--include-contaminated), though marked contaminated by the run's guard "
            + "(environment.contaminated), each named with `(contaminated)`: 1 run: "
            + $"{Path.GetFileName(_dir)}/dirty.json.", log);
        Assert.Contains($"| {Path.GetFileName(_dir)}/dirty.json (contaminated) | 10 |", log);
        // sd of 20 / 70 / 90 %: sqrt((40 x 40 + 10 x 10 + 30 x 30) / 2) = 36.1 pp; these runs carry no in-run index.
        Assert.Contains("| 2596.1 MHz | py-n10 | 3 | 60.0 | 20.0 | 90.0 | 36.1 | - |", log);
        Assert.True(leftCode == 0, leftLog);
        Assert.Contains("| 2596.1 MHz | py-n10 | 2 | 80.0 | 70.0 | 90.0 |", leftLog);
        Assert.DoesNotContain("dirty.json (contaminated)", leftLog);
    }

    [Fact]
    public async Task Gives_the_tables_once_per_session_folder_without_averaging_the_folders_together()
    {
        const string Samples = "[10,70,10],[10,70,10],[0,0,0]";
        var runs = new List<string>();
        // One host, two sessions: in s1 aligned 80 / 82 against spread 70 / 72 (+10 pp), in s2 aligned 60 against
        // spread 70 / 74 (-12 pp). Pooled over both folders the difference would be 74.0 - 71.5 = +2.5 pp.
        foreach ((string folder, string name, double[] ratios) in new[]
        {
            ("s1", "py-n10-ramp0s", new[] { 0.80, 0.82 }), ("s1", "py-n10", new[] { 0.70, 0.72 }),
            ("s2", "py-n10-ramp0s", new[] { 0.60 }), ("s2", "py-n10", new[] { 0.70, 0.74 }),
        })
        {
            Directory.CreateDirectory(Path.Combine(_dir, folder));
            for (int i = 0; i < ratios.Length; i++)
            {
                runs.Add("--sessions");
                runs.Add(Write(Path.Combine(folder, $"{name}.r{i}.json"), MeasuredRun(name, ratios[i], Samples)));
            }
        }

        // The output is read from --out files: the tables are longer than the lines a child process's log keeps.
        string byFolder = Path.Combine(_dir, "by-folder.md"), pooled = Path.Combine(_dir, "pooled.md");
        (int code, string log) = await s_script.RunAsync([.. runs, "--by-folder", "--out", byFolder]);
        (int pooledCode, string pooledLog) = await s_script.RunAsync([.. runs, "--out", pooled]);

        Assert.True(code == 0, log);
        Assert.True(pooledCode == 0, pooledLog);
        string text = await File.ReadAllTextAsync(byFolder, TestContext.Current.CancellationToken);
        string pooledText = await File.ReadAllTextAsync(pooled, TestContext.Current.CancellationToken);
        Assert.Contains("## Session folder s1 (4 runs)", text);
        Assert.Contains("## Session folder s2 (3 runs)", text);
        Assert.True(text.IndexOf("## Session folder s1", StringComparison.Ordinal)
            < text.IndexOf("## Session folder s2", StringComparison.Ordinal));
        Assert.Contains("| py-n10 | replica, 2596.1 MHz | +10.0 |", text);
        Assert.Contains("| py-n10 | replica, 2596.1 MHz | -12.0 |", text);
        Assert.DoesNotContain("+2.5", text);
        Assert.Contains("| py-n10 | replica, 2596.1 MHz | +2.5 |", pooledText);
        Assert.DoesNotContain("## Session folder", pooledText);
    }

    [Fact]
    public async Task The_session_options_without_session_runs_are_one_line_and_exit_2()
    {
        string csv = Write("v.csv", Header, "a,50,1,1,0.25,,per-task,0,true,1,0.70,0.70,0.70,0.80,10");

        (int code, string log) = await s_script.RunAsync("--by-folder", $"x={csv}");

        Assert.Equal(2, code);
        Assert.Contains("--by-folder and --include-contaminated apply to --sessions runs; none given", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task A_model_run_of_no_measured_setup_is_named_and_exit_2()
    {
        string run = Write("run.json", """
            {"source": "measured", "setup": {"name": "a", "users": 10, "interval_seconds": 1, "tasks": 1,
             "task_vcpu": 1, "subscription": "per-task"},
             "metrics": {"ws_msgs_sent": 1, "ws_msgs_received": 1, "delivery_ratio": 1,
                         "ws_session_duration": {"avg": 1}},
             "environment": {"speed_index": "1"}, "time_series": {"interval_seconds": 1, "samples": [
               {"sent_per_second": 10, "delivered_per_second": 1, "open_connections": 1}]}}
            """);
        string model = Write("model.json", """
            {"source": "simulated", "setup": {"name": "b", "tasks": 1, "subscription": "per-task"},
             "metrics": {"ws_msgs_sent": 1, "ws_msgs_received": 1, "delivery_ratio": 1, "ws_sessions": 1,
                         "ws_session_duration": {"avg": 1}},
             "environment": {"events_RedisPublish": "1"}}
            """);

        (int code, string log) = await s_script.RunAsync("--sessions", run, "--model", model);

        Assert.Equal(2, code);
        Assert.Contains("--model b: no --sessions run of that setup name", log);
        Assert.DoesNotContain("Traceback", log);
    }

    /// <summary>A measured per-connection run of 10 users at 1 s; each sample [sent/s, delivered/s, open].</summary>
    private static string MeasuredRun(string name, double ratio, string samples, string mhz = "2596.1",
        string environment = "") =>
        "{\"source\": \"measured\", \"setup\": {\"name\": \"" + name + "\", \"users\": 10, \"interval_seconds\": 1, "
        + "\"tasks\": 1, \"task_vcpu\": 0.5, \"subscription\": \"per-connection\"}, \"metrics\": {\"ws_msgs_sent\": "
        + "100, \"ws_msgs_received\": 800, \"delivery_ratio\": " + ratio.ToString(CultureInfo.InvariantCulture)
        + ", \"ws_session_duration\": {\"avg\": 11}}, \"environment\": {" + environment
        + "\"speed_index\": \"2500000\", \"cpu_mhz\": \"" + mhz + "\"}, "
        + "\"time_series\": {\"interval_seconds\": 1, \"samples\": ["
        + string.Join(", ", samples.Split("],[").Select(s => s.Trim('[', ']').Split(','))
            .Select(v => $"{{\"sent_per_second\": {v[0]}, \"delivered_per_second\": {v[1]}, "
                + $"\"open_connections\": {v[2]}}}"))
        + "]}}";

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
