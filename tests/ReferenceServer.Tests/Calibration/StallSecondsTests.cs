using System.Globalization;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-stall-seconds.py: whole seconds in which a run's clients kept sending and received next to
/// nothing, counted by mode, quota and task count.</summary>
public sealed class StallSecondsTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("python-stall-seconds.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("stall-seconds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_sending_second_with_almost_nothing_received_is_a_stall_and_a_session_change_is_not()
    {
        // N = 10 every 1 s: the full rate is 100 copies a second, a stall under 2. Seconds: the first (left out),
        // full, stalled, a session change (users reconnecting, sends low: not a sending second), stalled, the last.
        Run("a.json", [(10, 10, 100), (10, 10, 100), (10, 10, 1), (2, 4, 0), (10, 10, 0), (10, 10, 0)]);

        (int code, string output) = await s_script.RunAsync(_dir);

        Assert.True(code == 0, output);
        Assert.Contains("| per-task | 0.25 | 1 | 1 | 3 | 2 | 66.7 % |", output);
        Assert.Contains("a.json: 2 of 3 sending seconds stalled", output);
    }

    [Fact]
    public async Task A_missing_folder_or_a_file_that_is_not_a_run_is_one_line_and_exit_2()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.json"), "[1, 2",
            TestContext.Current.CancellationToken);

        (int missing, string log1) = await s_script.RunAsync(Path.Combine(_dir, "none"));
        (int bad, string log2) = await s_script.RunAsync(_dir);

        Assert.Equal(2, missing);
        Assert.Contains("no such folder", log1);
        Assert.Equal(2, bad);
        Assert.Contains("not a run file", log2);
        Assert.DoesNotContain("Traceback", log1 + log2);
    }

    // One run of N = 10 every 1 s, per task on 0.25 core, its timeline (sent, open, delivered) a second each.
    private void Run(string name, (double Sent, int Open, double Delivered)[] seconds)
    {
        string samples = string.Join(", ", seconds.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{{\"sent_per_second\": {s.Sent}, \"open_connections\": {s.Open}, "
            + $"\"delivered_per_second\": {s.Delivered}}}")));
        File.WriteAllText(Path.Combine(_dir, name),
            "{\"setup\": {\"users\": 10, \"interval_seconds\": 1, \"subscription\": \"per-task\", \"task_vcpu\": 0.25, "
            + "\"tasks\": 1}, \"metrics\": {\"delivery_ratio\": 0.5}, \"time_series\": {\"samples\": [" + samples
            + "]}}");
    }
}
