using System.Globalization;
using System.Text.Json;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>calibration/python-first-seconds.py: the copies a run delivered in its first seconds and after them, and
/// the load generator's CPU then, by setup and by the load generator's extra settings.</summary>
public sealed class FirstSecondsTests : IDisposable
{
    private const string Setup = "py-n100-i1-t1-q0.25-bwnone-pertask";
    private static readonly CalibrationScript s_script = new("python-first-seconds.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("first-seconds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_setups_runs_are_split_at_the_fourth_second_and_grouped_by_the_load_generators_settings()
    {
        // Two runs as usual: 600 copies by the fourth second each, 900 and 1,200 after; the load generator at half a
        // core until then and a tenth after. One with the load generator's settings changed, in a folder of its own.
        // One the contamination guard marked.
        double[] busy = [0.5, 0.5, 0.5, 0.5, 0.1, 0.1];
        Run("default", $"{Setup}.json", 2.2, 0.40, [0, 100, 200, 300, 400, 500], busy);
        Run("default", $"{Setup}.r2.json", 2.4, 0.50, [0, 200, 200, 200, 600, 600], busy);
        Run("tc0", $"{Setup}.json", 2.3, 0.55, [0, 300, 300, 300, 300, 300], [0.2, 0.2, 0.2, 0.2, 0.2, 0.2],
            loadgenEnv: "DOTNET_TieredCompilation=0");
        Run("default", $"{Setup}.r3.json", 2.3, 0.10, [0, 0, 0, 0, 0, 0], busy, contaminated: true);

        (int code, string output) = await s_script.RunAsync(
            [.. Directory.GetFiles(_dir, "*.json", SearchOption.AllDirectories)]);

        Assert.True(code == 0, output);
        Assert.Contains($"| {Setup} | none | 2 | 2.30 | 45.0 | 600 | 1050 | 0.50 | 0.10 |", output);
        Assert.Contains($"| {Setup} | DOTNET_TieredCompilation=0 | 1 | 2.30 | 55.0 | 900 | 600 | 0.20 | 0.20 |",
            output);
        Assert.Contains($"Left out, marked contaminated: 1 ({Setup}).", output);
    }

    [Fact]
    public async Task Three_seconds_move_the_split_and_a_run_without_the_load_generators_cpu_shows_a_dash()
    {
        Run("default", $"{Setup}.json", 2.0, 0.40, [0, 100, 200, 300, 400, 500], busy: null);

        (int code, string output) = await s_script.RunAsync(
            "--seconds", "3", Path.Combine(_dir, "default", $"{Setup}.json"));

        Assert.True(code == 0, output);
        Assert.Contains($"| {Setup} | none | 1 | 2.00 | 40.0 | 300 | 1200 | - | - |", output);
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_exit_2_and_an_unwritable_output_exit_3_before_any_work()
    {
        string notRun = Path.Combine(_dir, "not-a-run.json");
        File.WriteAllText(notRun, "{\"setup\": {}}");
        string broken = Path.Combine(_dir, "broken.json");
        File.WriteAllText(broken, "{\n  \"setup\": [");

        (int bad, string log1) = await s_script.RunAsync(notRun);
        (int json, string log2) = await s_script.RunAsync(broken);
        (int seconds, string log3) = await s_script.RunAsync("--seconds", "0", notRun);
        (int profile, string log4) = await s_script.RunAsync("--predict", Path.Combine(_dir, "none.yaml"), notRun);
        (int unwritable, string log5) = await s_script.RunAsync("--out", "/nonexistent/dir/t.md", notRun);
        // A folder whose permission bits let root in but which makes no files: found before the work as well.
        (int refused, string log6) = await s_script.RunAsync("--out", "/proc/first-seconds.md", notRun);

        Assert.Equal(2, bad);
        Assert.Contains($"{notRun}: expected a measured run file with its time series and in-run speed", log1);
        Assert.Equal(2, json);
        Assert.Contains($"{broken}:2:", log2);
        Assert.Equal(2, seconds);
        Assert.Contains("--seconds expects a positive number of seconds, not '0'", log3);
        Assert.Equal(2, profile);
        Assert.Contains("--predict: no profile file", log4);
        Assert.Equal(3, unwritable);
        Assert.Contains("cannot write /nonexistent/dir/t.md", log5);
        Assert.Equal(3, refused);
        Assert.Contains("cannot write /proc/first-seconds.md", log6);
        Assert.DoesNotContain("Traceback", log1 + log2 + log3 + log4 + log5 + log6);
    }

    private void Run(string folder, string name, double speedMillions, double ratio, double[] delivered,
        double[]? busy, string? loadgenEnv = null, bool contaminated = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["speed_index_server"] = (speedMillions * 1e6).ToString(CultureInfo.InvariantCulture),
            ["contaminated"] = contaminated ? "true" : "false",
        };
        if (loadgenEnv is not null)
        {
            environment["loadgen_env"] = loadgenEnv;
        }
        double[] times = [.. delivered.Select((_, i) => i + 1.0)];
        var run = new Dictionary<string, object?>
        {
            ["setup"] = new { name = Setup, users = 100 },
            ["metrics"] = new { delivery_ratio = ratio },
            ["environment"] = environment,
            ["time_series"] = new
            {
                samples = delivered.Select((d, i) => new { time = times[i], delivered_per_second = d }).ToArray(),
            },
        };
        if (busy is not null)
        {
            run["process_cpu"] = new
            {
                time = times,
                processes = new object[]
                {
                    new { name = "task1", cpu_seconds = busy.Select(_ => 0.25).ToArray() },
                    new { name = "loadgen", cpu_seconds = busy },
                },
            };
        }
        string dir = Directory.CreateDirectory(Path.Combine(_dir, folder)).FullName;
        File.WriteAllText(Path.Combine(dir, name), JsonSerializer.Serialize(run));
    }
}
