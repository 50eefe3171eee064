using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-sessions-compared.py: two measuring sessions of one host kind set against each other setup by
/// setup, with whether each difference is beyond the runs' repeat scatter.</summary>
public sealed class SessionsComparedTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("python-sessions-compared.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("sessions-compared-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sets_each_setups_mean_against_the_other_sessions_with_a_t_test_on_the_pooled_sd()
    {
        // py-n10: 70 / 72 / 71 % in a, 80 / 82 / 81 % in b: +10 pp on a pooled sd of one run of 1 pp, t = 10 / (1 x
        // sqrt(1 / 3 + 1 / 3)) = 12.25 on 4 dof, beyond 2.78. py-n20: one run each, 50 and 55 %: no scatter to test.
        Run("a", "py-n10.json", 0.70);
        Run("a", "py-n10.r2.json", 0.72);
        Run("a", "py-n10.r3.json", 0.71);
        Run("a", "py-n20.json", 0.50);
        Run("b", "py-n10.json", 0.80);
        Run("b", "py-n10.r2.json", 0.82);
        Run("b", "py-n10.r3.json", 0.81);
        Run("b", "py-n20.json", 0.55);
        // A run the guard marked contaminated is left out, as calibrate leaves it out, and named.
        Run("b", "py-n10.r4.json", 0.10, contaminated: true);
        // A setup of one session only is not compared.
        Run("b", "py-n30.json", 0.90);
        string output = Path.Combine(_dir, "compared.md");

        (int code, string log) = await s_script.RunAsync(
            "--out", output, Path.Combine(_dir, "a"), Path.Combine(_dir, "b"));

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        Assert.Contains("| py-n10 | 3 | 71.0 | 3 | 81.0 | +10.0 | 1.0 | +12.25 (4) | yes |", text);
        Assert.Contains("| py-n20 | 1 | 50.0 | 1 | 55.0 | +5.0 | - | - | - |", text);
        Assert.DoesNotContain("| py-n30 |", text);
        Assert.Contains("Left out, contaminated: b/py-n10.r4.json.", text);
        Assert.Contains("Setups in both: 2; mean b less a +7.5 pp, mean |difference| 7.5 pp.", text);
    }

    [Fact]
    public async Task Two_close_sessions_are_within_scatter()
    {
        // 60 / 70 / 80 % against 65 / 75 / 85 %: +5 pp on a pooled sd of 10 pp, t = 0.61 on 4 dof.
        double[] a = [0.60, 0.70, 0.80];
        double[] b = [0.65, 0.75, 0.85];
        for (int i = 0; i < 3; i++)
        {
            Run("a", $"py-n10.r{i + 1}.json", a[i]);
            Run("b", $"py-n10.r{i + 1}.json", b[i]);
        }
        string output = Path.Combine(_dir, "compared.md");

        (int code, string log) = await s_script.RunAsync(
            "--out", output, Path.Combine(_dir, "a"), Path.Combine(_dir, "b"));

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        Assert.Contains("| py-n10 | 3 | 70.0 | 3 | 75.0 | +5.0 | 10.0 | +0.61 (4) | no |", text);
    }

    [Fact]
    public async Task An_unwritable_output_is_exit_3_and_a_folder_without_runs_exit_2()
    {
        Run("a", "py-n10.json", 0.5);
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));

        (int unwritable, string log3) = await s_script.RunAsync("--out", Path.Combine(_dir, "missing", "c.md"),
            Path.Combine(_dir, "a"), Path.Combine(_dir, "a"));
        (int empty, string log2) = await s_script.RunAsync("--out", Path.Combine(_dir, "c.md"),
            Path.Combine(_dir, "a"), Path.Combine(_dir, "empty"));

        Assert.Equal(3, unwritable);
        Assert.Contains("cannot write", log3);
        Assert.Equal(2, empty);
        Assert.Contains("no run files", log2);
        Assert.DoesNotContain("Traceback", log2 + log3);
    }

    private void Run(string folder, string name, double ratio, bool contaminated = false)
    {
        string dir = Path.Combine(_dir, folder);
        Directory.CreateDirectory(dir);
        string flag = contaminated ? "true" : "false";
        File.WriteAllText(Path.Combine(dir, name), "{\"metrics\": {\"delivery_ratio\": "
            + ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "}, \"environment\": {\"contaminated\": \"" + flag + "\"}}");
    }
}
