using System.Diagnostics;
using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) stops a long command within a second, writes nothing, and exits 130.</summary>
public class CancellationTests
{
    private static void AssertInterrupted(ScenarioWorkspace ws, params string[] args)
    {
        string[] before = Directory.GetFileSystemEntries(ws.Root, "*", SearchOption.AllDirectories);
        using Process process = CliProcess.Start(ws.Root, args);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
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
        Assert.Equal(before, Directory.GetFileSystemEntries(ws.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_interrupted_sweep_exits_130_and_writes_nothing()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        AssertInterrupted(ws, "sweep", scenario, "--vary", "users=500..5000:500", "-r", "5", "-o",
            Path.Combine(ws.Root, "out", "sweep"));
    }

    [Fact]
    public void An_interrupted_long_single_run_exits_130_and_writes_nothing()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("big.yaml", ScenarioWorkspace.SmallRoom.Replace("users: 20", "users: 20000"));
        AssertInterrupted(ws, "run", scenario, "-r", "1", "--json", Path.Combine(ws.Root, "big.json"));
    }
}
