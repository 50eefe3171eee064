using System.Diagnostics;
using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) stops a long command within a second, writes nothing, says so once, and exits 130.
/// </summary>
public class CancellationTests
{
    private static void AssertInterrupted(ScenarioWorkspace ws, params string[] args)
    {
        string[] before = Directory.GetFileSystemEntries(ws.Root, "*", SearchOption.AllDirectories);
        AssertInterruptedIn(ws.Root, args);
        Assert.Equal(before, Directory.GetFileSystemEntries(ws.Root, "*", SearchOption.AllDirectories));
    }

    private static void AssertInterruptedIn(string workingDirectory, params string[] args)
    {
        using Process process = CliProcess.Start(workingDirectory, args);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        // Past the runtime's start (a signal before Main ends a .NET process silently), which a loaded CI machine can
        // stretch beyond a second.
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        Assert.False(process.HasExited, "finished before the interrupt");
        var clock = Stopwatch.StartNew();
        CliProcess.Interrupt(process);
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(2));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }
        Assert.True(exited, "still running 2 s after SIGINT");
        process.WaitForExit();
        Assert.Equal(130, process.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("   at ", stderr.Result + stdout.Result);
        // Told in one line, once, whether the action stopped itself or the termination timeout ended it.
        Assert.Single(stderr.Result.Split('\n'), line => line.Contains("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public void An_interrupted_sweep_exits_130_and_writes_nothing()
    {
        using var ws = new ScenarioWorkspace();
        // Tens of seconds on an idle 2-core machine: overloaded rooms of six sessions run into their time limit.
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom.Replace("sessions: 1", "sessions: 6"));
        AssertInterrupted(ws, "sweep", scenario, "--vary", "users=2000..20000:2000", "-r", "2", "-o",
            Path.Combine(ws.Root, "out", "sweep"));
    }

    [Fact]
    public void An_interrupted_long_single_run_exits_130_and_writes_nothing()
    {
        using var ws = new ScenarioWorkspace();
        // About 6 s on an idle 2-core machine (it runs into its time limit); a plain 20,000-user session ends sooner.
        string scenario = ws.Write("big.yaml", ScenarioWorkspace.SmallRoom
            .Replace("users: 20", "users: 20000")
            .Replace("sessions: 1", "sessions: 6"));
        AssertInterrupted(ws, "run", scenario, "-r", "1", "--json", Path.Combine(ws.Root, "big.json"));
    }

    [Fact]
    public void An_interrupted_calibration_exits_130_and_writes_no_profile_or_table()
    {
        using var ws = new ScenarioWorkspace();
        string runs = Path.Combine(ws.Root, "calibration", "runs");
        string[] files = [.. new[] { 200, 250, 300 }.Select(n => Calibration.RunFiles.Write(runs,
            Calibration.RunFiles.Measured($"n{n}", n, 0.7, vcpu: 0.05)))];
        AssertInterrupted(ws, ["calibrate", .. files, "--start", "local", "--free", "inbound_cpu,delivery_cpu",
            "--folds", "3", "--max-evaluations", "400", "--out", Path.Combine(ws.Root, "fitted.yaml"), "--table",
            Path.Combine(ws.Root, "validation.md")]);
    }

    [Fact]
    public void An_interrupted_probe_ends_its_child_exits_130_and_writes_no_json()
    {
        using var ws = new ScenarioWorkspace();
        // 25 CPU-seconds of probing in a child process: Ctrl-C must end the child, not wait for it.
        AssertInterrupted(ws, "probe", "--seconds", "5", "--repeats", "5", "--json", Path.Combine(ws.Root, "p.json"));
    }

    [Fact]
    public void An_interrupted_bench_ends_its_case_process_and_exits_130_with_one_line()
    {
        // Every case in turn, each in a child process, run from the repository (bench reads its scenarios/): tens
        // of seconds. Ctrl-C must end the case running, not wait for it.
        AssertInterruptedIn(ScenarioWorkspace.RepositoryRoot(), "bench");
    }
}
