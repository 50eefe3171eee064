using System.Text.Json;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>
/// rooms-runs-n/sessions.py: one session's repeats against another's, judged by the runs' own scatter, and each room
/// class measured against its prediction.
/// </summary>
public sealed class RoomsSessionsTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("rooms-runs-n/sessions.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("rooms-sessions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_session_difference_is_beyond_scatter_only_where_it_exceeds_the_pooled_band()
    {
        // Every session's two runs lie 1 pp either side of its mean: pooled sd sqrt(4 x 2e-4 / 4) = 1.41 pp, 4 dof,
        // t 2.776, so one setup's band is 2.776 x 1.41 x sqrt(1/2 + 1/2) = 3.9 pp. A moves +6, B not at all; their
        // mean +3.0 against a band of 2.776 x sqrt(2 x 2e-4) / 2 = 2.8 pp.
        WriteRuns("a", "per-task", "round-robin", [0.90, 0.92, 0.96, 0.98]);
        WriteRuns("b", "per-connection", "none", [0.80, 0.82, 0.80, 0.82]);

        (int code, string log) = await s_script.RunAsync(_dir);

        Assert.True(code == 0, log);
        Assert.Contains("pooled: 1.4 pp (4 dof; two-sided 95 % t 2.776)", log);
        Assert.Contains("| a | per-task, round-robin | 90.0, 92.0 (91.0) | 96.0, 98.0 (97.0) | +6.0 | 3.9 | yes |",
            log);
        Assert.Contains("| b | per-connection, round-robin | 80.0, 82.0 (81.0) | 80.0, 82.0 (81.0) | +0.0 | 3.9 | no |",
            log);
        Assert.Contains("mean difference +3.0 pp (95 % band of the scatter +-2.8 pp: beyond scatter; t = 3.00)", log);
        Assert.Contains("Q higher in 1 of 2; beyond scatter in 1 of 2.", log);
    }

    [Fact]
    public async Task A_contaminated_run_is_named_and_left_out_of_its_session()
    {
        WriteRuns("a", "per-task", "round-robin", [0.90, 0.92, 0.96, 0.98]);
        WriteRuns("b", "per-connection", "none", [0.80, 0.82, 0.80, 0.82]);
        WriteRun("b.r5.json", "per-connection", "none", 0.10, contaminated: true);

        (int code, string log) = await s_script.RunAsync(_dir, "--session", "N=1,2", "--session", "Q=3,4,5");

        Assert.True(code == 0, log);
        Assert.Contains("Left out (contaminated): b.r5.json.", log);
        Assert.Contains("| 80.0, 82.0 (81.0) | +0.0 |", log);
    }

    [Fact]
    public async Task Room_classes_are_judged_signed_by_class_and_by_kind_of_setup()
    {
        WriteRuns("a", "per-task", "room-affine", [0.90, 0.92, 0.96, 0.98], smallRooms: 0.99);
        string predicted = Directory.CreateDirectory(Path.Combine(_dir, "p")).FullName;
        // Measured: the room of 100 at 94.0 % (the repeats' mean), the rooms of 10 at 99.0 %.
        File.WriteAllText(Path.Combine(predicted, "a.json"), Report("per-task", "room-affine", 0.90, smallRooms: 1.0));

        (int code, string log) = await s_script.RunAsync(_dir, "--predicted", "m=" + predicted);

        Assert.True(code == 0, log);
        Assert.Contains("| a | room-affine | 1x100 | 94.0 | 90.0 (-4.0) |", log);
        Assert.Contains("| a | room-affine | 30x10 | 99.0 | 100.0 (+1.0) |", log);
        Assert.Contains("| room class 1x100 | -4.0 / 4.0 |", log);
        Assert.Contains("| room-affine, 30x10 | +1.0 / 1.0 |", log);
    }

    [Fact]
    public async Task A_scenario_is_predicted_at_the_mean_in_run_speed_weighted_by_the_servers_seconds()
    {
        // Repeat 1: CPU speeds 1 and 3 million, the servers 1 s and 3 s on them: 2.5 million. Repeat 2: 3.5. Mean 3.
        WriteRun("a.json", "per-connection", "none", 0.9, speeds: [1e6, 3e6]);
        WriteRun("a.r2.json", "per-connection", "none", 0.9, speeds: [3.5e6, 3.5e6]);
        string outDir = Path.Combine(_dir, "s");

        (int code, string log) = await s_script.RunAsync(
            _dir, "--scenarios", outDir, "--profile", "local", "--speed-rule", "in-run");

        Assert.True(code == 0, log);
        string yaml = File.ReadAllText(Path.Combine(outDir, "a.yaml"));
        Assert.Contains("machine_speed: 3000000.0\n", yaml);
        Assert.Contains("load_balancer: round-robin\n", yaml);  // recorded none (one task): the model's default
        Assert.Contains("redis_node: local-unshaped\n", yaml);
        Assert.Contains("task_vcpu: 0.05\n", yaml);
    }

    [Fact]
    public async Task Each_session_shows_its_mean_in_run_speed_beside_its_delivery()
    {
        WriteRun("a.json", "per-connection", "none", 0.90, speeds: [1e6, 3e6]);
        WriteRun("a.r2.json", "per-connection", "none", 0.92, speeds: [3.5e6, 3.5e6]);
        WriteRun("a.r3.json", "per-connection", "none", 0.90, speeds: [2e6, 2e6]);
        WriteRun("a.r4.json", "per-connection", "none", 0.92, speeds: [2e6, 2e6]);
        WriteRun("b.json", "per-task", "round-robin", 0.90);  // measured in N alone: not compared

        (int code, string log) = await s_script.RunAsync(_dir);

        Assert.True(code == 0, log);
        Assert.Contains("| +0.0 | 6.1 | no | 3.00, 2.00 |", log);  // 2 dof: t 4.303
        Assert.Contains("Q against N over 1 setups", log);
        Assert.Contains("In-run speed index, mean over the runs: N 3.000 M, Q 2.000 M (-33.3 %).", log);
    }

    [Fact]
    public async Task A_calibrate_table_is_summed_up_as_mean_worst_and_signed_error()
    {
        WriteRuns("a", "per-task", "round-robin", [0.90, 0.92, 0.96, 0.98]);
        string table = Path.Combine(_dir, "t.csv");
        // One setup predicted 2 pp high, one 4 pp low.
        File.WriteAllLines(table, ["run,measured_ratio,predicted_ratio", "x,0.90,0.92", "y,0.80,0.76"]);

        (int code, string log) = await s_script.RunAsync(_dir, "--table", table);

        Assert.True(code == 0, log);
        Assert.Contains($"| {table} | 2 | 3.0 / 4.0 | -1.0 |", log);
    }

    [Fact]
    public async Task A_session_without_repeats_is_one_line_and_exit_2()
    {
        WriteRuns("a", "per-task", "round-robin", [0.90, 0.92, 0.96, 0.98]);

        (int code, string log) = await s_script.RunAsync(_dir, "--session", "Q");

        Assert.Equal(2, code);
        Assert.Contains("--session 'Q': expected NAME=REPEATS", log);
        Assert.DoesNotContain("Traceback", log);
    }

    // Repeats 1-4 of one setup (NAME.json, NAME.r2.json, ...), the room of 100 delivering each ratio.
    private void WriteRuns(string name, string mode, string balancer, double[] ratios, double smallRooms = 0.5)
    {
        for (int i = 0; i < ratios.Length; i++)
        {
            string file = i == 0 ? $"{name}.json" : $"{name}.r{i + 1}.json";
            WriteRun(file, mode, balancer, ratios[i], smallRooms: smallRooms);
        }
    }

    private void WriteRun(string file, string mode, string balancer, double ratio, bool contaminated = false,
        double smallRooms = 0.5, double[]? speeds = null) =>
        File.WriteAllText(Path.Combine(_dir, file), Report(mode, balancer, ratio, contaminated, smallRooms, speeds));

    private static string Report(string mode, string balancer, double ratio, bool contaminated = false,
        double smallRooms = 0.5, double[]? speeds = null)
    {
        var environment = new Dictionary<string, string> { ["contaminated"] = contaminated ? "true" : "false" };
        object? timeSeries = null;
        if (speeds is not null)
        {
            environment["speed_in_run_noisy"] = "false";
            timeSeries = new
            {
                samples = new[] { new { cpu_speed = speeds, server_cpu_seconds_percpu = new[] { 1.0, 3.0 } } },
            };
        }
        return JsonSerializer.Serialize(new
        {
            setup = new
            {
                rooms = new[] { new { count = 30, size = 10 }, new { count = 1, size = 100 } },
                interval_seconds = 1,
                session_seconds = 10,
                sessions = 2,
                ramp_seconds = 1,
                tasks = 2,
                task_vcpu = 0.05,
                subscription = mode,
                load_balancer = balancer,
                redis_node = "local",
                redis_link = "unshaped",
            },
            // The total is the room of 100's ratio: the tests read the total only where the classes do not matter.
            metrics = new { delivery_ratio = ratio },
            environment,
            time_series = timeSeries,
            room_classes = new[]
            {
                new { rooms = 30, size = 10, delivery_ratio = smallRooms },
                new { rooms = 1, size = 100, delivery_ratio = ratio },
            },
        });
    }
}
