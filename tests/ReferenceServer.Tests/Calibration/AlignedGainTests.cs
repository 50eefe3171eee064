using System.Globalization;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>calibration/python-aligned-gain.py: what aligned sends add to a setup's delivery ratio at equal speed,
/// by least squares of each run's ratio on its in-run speed and a 0/1 for aligned.</summary>
public sealed class AlignedGainTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("python-aligned-gain.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("aligned-gain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Separates_the_aligned_gain_from_the_runs_speeds()
    {
        // ratio = 50 + 10 x speed (millions) + 8 if aligned, exactly: the gain is 8 pp with no residual, while the
        // aligned runs, measured on a faster machine (2.6 against 2.3 million), lead the spread ones by 11 pp raw.
        const string setup = "py-n50-i1-t1-q0.25-bwnone-perconn";
        double[] spread = [2.0, 2.2, 2.4, 2.6];
        double[] aligned = [2.5, 2.6, 2.7];
        for (int i = 0; i < spread.Length; i++)
        {
            Run($"{setup}.r{i + 1}.json", ramp: 1, speed: spread[i], ratio: 50 + 10 * spread[i]);
        }
        for (int i = 0; i < aligned.Length; i++)
        {
            // An -env-TAG run is the same setup measured with a server option on.
            Run($"{setup}-ramp0s-env-timeline.r{i + 1}.json", ramp: 0, speed: aligned[i],
                ratio: 58 + 10 * aligned[i]);
        }
        // Left out and counted: a contaminated run, one of another kernel (with --kernel), one without a speed.
        Run($"{setup}.r9.json", ramp: 1, speed: 2.3, ratio: 5, contaminated: true);
        Run($"{setup}.r8.json", ramp: 1, speed: 2.3, ratio: 5, kernel: "6.1.0-v1000");
        Run($"{setup}.r7.json", ramp: 1, speed: null, ratio: 5);
        // A setup measured in one mode only has no gain to fit.
        Run("py-n100-i1-t1-q0.5-bwnone-perconn.json", ramp: 1, speed: 2.3, ratio: 60);
        string output = Path.Combine(_dir, "gain.md");

        (int code, string log) = await s_script.RunAsync(["--kernel", "v1272", "--out", output,
            .. Directory.GetFiles(_dir, "*.json")]);

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        // At 2.3 million: 50 + 23 spread, 8 more aligned.
        Assert.Contains($"| {setup} | 7 (3) | +8.0 | 0.0 | 0.0 | 73.0 / 81.0 | 2.30 / 2.60 | +11.0 |", text);
        Assert.DoesNotContain("py-n100", text);
        Assert.Contains("Setups fitted: 1; runs left out: 1 contaminated, 1 no in-run speed, 1 another kernel.", text);
    }

    [Fact]
    public async Task A_gain_hidden_in_scatter_comes_with_its_standard_error()
    {
        // Two spread and two aligned runs at each of two speeds, 4 pp of scatter about a gain of +5: se > 0.
        const string setup = "py-n75-i1-t1-q0.25-bwnone-pertask";
        Run($"{setup}.json", ramp: 1, speed: 2.0, ratio: 62);
        Run($"{setup}.r2.json", ramp: 1, speed: 2.0, ratio: 58);
        Run($"{setup}.r3.json", ramp: 1, speed: 2.4, ratio: 66);
        Run($"{setup}.r4.json", ramp: 1, speed: 2.4, ratio: 62);
        Run($"{setup}-ramp0s.json", ramp: 0, speed: 2.0, ratio: 67);
        Run($"{setup}-ramp0s.r2.json", ramp: 0, speed: 2.0, ratio: 63);
        Run($"{setup}-ramp0s.r3.json", ramp: 0, speed: 2.4, ratio: 71);
        Run($"{setup}-ramp0s.r4.json", ramp: 0, speed: 2.4, ratio: 67);

        (int code, string log) = await s_script.RunAsync(["--at", "2.2", .. Directory.GetFiles(_dir, "*.json")]);

        // Residuals +-2 over 8 runs and 3 parameters: sd = sqrt(32 / 5) = 2.53; se of the 0/1 = 2.53 x sqrt(1/2).
        // At 2.2 million (--at): 60 + 2 spread, 5 more aligned.
        Assert.True(code == 0, log);
        Assert.Contains($"| {setup} | 8 (4) | +5.0 | 1.8 | 2.5 | 62.0 / 67.0 | 2.20 / 2.20 | +5.0 |", log);
        Assert.Contains("runs left out: none.", log);
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_exit_2_and_an_unwritable_output_exit_3_before_any_work()
    {
        File.WriteAllText(Path.Combine(_dir, "not-a-run.json"), "{\"setup\": {}}");
        Run("py-n10-i1-t1-q1-bwnone-perconn.json", ramp: 1, speed: 2.3, ratio: 90);

        await s_script.AssertRefusedAsync("usage: python-aligned-gain.py");
        await s_script.AssertRefusedAsync("unknown option '--frobnicate'", "--frobnicate");
        await s_script.AssertRefusedAsync("--at expects a speed in millions, not 'fast'", "--at", "fast",
            Path.Combine(_dir, "not-a-run.json"));
        await s_script.AssertRefusedAsync("not-a-run.json: not a measured run file",
            Path.Combine(_dir, "not-a-run.json"));
        await s_script.AssertRefusedAsync("no setup has four runs with both modes",
            Path.Combine(_dir, "py-n10-i1-t1-q1-bwnone-perconn.json"));
        (int code, string log) = await s_script.RunAsync("--out", Path.Combine(_dir, "missing", "gain.md"),
            Path.Combine(_dir, "not-a-run.json"));
        Assert.Equal(3, code);
        Assert.Contains("cannot write", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task A_reader_that_goes_away_ends_it_quietly_not_with_a_traceback()
    {
        // Its stdout a pipe whose reading end is already closed (a `| head` that has gone): every write fails.
        string setup = "py-n50-i1-t1-q0.25-bwnone-perconn";
        for (int i = 0; i < 4; i++)
        {
            Run($"{setup}.r{i + 1}.json", ramp: i % 2, speed: 2.0 + 0.1 * i, ratio: 60 + i);
        }
        const string closedPipe = "import os, subprocess, sys\n"
            + "r, w = os.pipe()\nos.close(r)\n"
            + "p = subprocess.run([sys.executable] + sys.argv[1:], stdout=w, stderr=subprocess.PIPE)\n"
            + "print('exit', p.returncode)\nprint(p.stderr.decode())\n";
        string python = await PythonEnvironment.PythonAsync();
        await using var process = ChildProcess.Start(python, PythonEnvironment.SourceDirectory,
            ["-c", closedPipe, s_script.Path, .. Directory.GetFiles(_dir, "*.json")]);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("exit 141", process.Output);
        Assert.DoesNotContain("Traceback", process.Output);
        Assert.DoesNotContain("Exception ignored", process.Output);
    }

    private void Run(string name, int ramp, double? speed, double ratio, bool contaminated = false,
        string kernel = "6.18.44-fc-v1272")
    {
        static string N(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        string speedField = speed is { } s ? $", \"speed_index_server\": \"{N(s * 1e6)}\"" : "";
        File.WriteAllText(Path.Combine(_dir, name),
            $"{{\"setup\": {{\"ramp_seconds\": {ramp}}}, \"metrics\": {{\"delivery_ratio\": {N(ratio / 100)}}}, "
            + $"\"environment\": {{\"contaminated\": {(contaminated ? "true" : "false")}, \"kernel\": \"{kernel}\""
            + speedField + "}}");
    }
}
