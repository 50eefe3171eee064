using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>rooms-runs-u/cpu-spent.py: what real servers spent per delivered copy, run by run, beside their quota and
/// how often their cgroups were throttled.</summary>
public sealed class CpuSpentTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("rooms-runs-u/cpu-spent.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("cpu-spent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Divides_every_tasks_CPU_by_the_copies_received_and_counts_throttled_periods()
    {
        // Two tasks of 1.5 and 0.5 CPU-s over 20,000 copies: 100 us a copy; 3 of 20 periods throttled: 15 %.
        Run("n10.json", received: 20_000, cpu: ["1.5", "0.5"], periods: [10, 10], throttled: [1, 2]);
        string output = Path.Combine(_dir, "spent.md");

        (int code, string log) = await s_script.RunAsync("--out", output, Path.Combine(_dir, "runs"));

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        Assert.Contains("| runs | n10 | 2500 | on | 80.0 % | 1000 | 2.00 | 100.0 | 15 % | false |", text);
    }

    [Fact]
    public async Task An_unwritable_output_is_exit_3_and_no_runs_exit_2()
    {
        Run("n10.json", received: 10, cpu: ["1"], periods: [1], throttled: [0]);
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));

        (int unwritable, string log3) = await s_script.RunAsync("--out", Path.Combine(_dir, "missing", "s.md"),
            Path.Combine(_dir, "runs"));
        (int empty, string log2) = await s_script.RunAsync("--out", Path.Combine(_dir, "s.md"),
            Path.Combine(_dir, "empty"));

        Assert.Equal(3, unwritable);
        Assert.Contains("cannot write", log3);
        Assert.Equal(2, empty);
        Assert.Contains("no run files", log2);
        Assert.DoesNotContain("Traceback", log2 + log3);
    }

    private void Run(string name, long received, string[] cpu, int[] periods, int[] throttled)
    {
        string dir = Path.Combine(_dir, "runs");
        Directory.CreateDirectory(dir);
        string pids = string.Join(", ", cpu.Select((c, i) => $"\"server_cpu_seconds_pid{100 + i}\": \"{c}\""));
        string groups = string.Join(", ", periods.Select((p, i) =>
            $"{{\"periods\": [{p}], \"throttled_periods\": [{throttled[i]}]}}"));
        File.WriteAllText(Path.Combine(dir, name), "{\"metrics\": {\"delivery_ratio\": 0.8, "
            + $"\"delivered_per_second\": 1000, \"ws_msgs_received\": {received}}}, \"environment\": {{"
            + "\"cpu_quota\": \"cgroup v1 cfs_quota_us=2500 cfs_period_us=100000 per task\", "
            + $"\"contaminated\": \"false\", \"server_cpus\": \"machine\", {pids}}}, "
            + $"\"process_cpu\": {{\"cgroups\": [{groups}]}}}}");
    }
}
