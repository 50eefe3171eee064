using System.Diagnostics;
using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests;

/// <summary>
/// Every command that writes checks its output paths before any work: a path it cannot write is one line naming it,
/// exit 3, no stack trace and nothing written, and it comes at once rather than after the computation.
/// </summary>
public class UnwritableOutputTests
{
    /// <summary>Each command with its output option; BAD is the unwritable path, SCENARIO a small scenario.</summary>
    public static TheoryData<string, string> FileOutputs => new()
    {
        { "run", "run SCENARIO --json BAD" },
        { "sweep", "sweep SCENARIO --vary users=100..20000:100 -r 20 -o BAD" },
        { "merge", "merge shard.json -o BAD" },
        { "capacity", "capacity SCENARIO --target 0.95 --json BAD" },
        { "plan", "plan --users 500 --interval 1s --target 0.95 --scenario SCENARIO --json BAD" },
        { "calibrate --out", "calibrate run.json --out BAD" },
        { "calibrate --table", "calibrate run.json --predict-only --table BAD" },
        { "load", "load --url ws://127.0.0.1:9/ws/room1 --users 2 --json BAD" },
    };

    public static TheoryData<string, string> FolderOutputs => new()
    {
        { "run --plot", "run SCENARIO --plot BAD" },
        { "sweep --plot", "sweep SCENARIO --vary users=100..20000:100 -r 20 --plot BAD" },
        { "merge --plot", "merge shard.json -o merged --plot BAD" },
        { "plot", "plot SCENARIO -o BAD" },
        { "calibrate --plots", "calibrate run.json --out p.yaml --plots BAD" },
    };

    [Theory]
    [MemberData(nameof(FileOutputs))]
    public void A_file_output_whose_parent_is_a_file_fails_fast_with_exit_3(string name, string command)
    {
        using var ws = new ScenarioWorkspace();
        string parentFile = ws.Write("not-a-folder", "x");
        AssertRefused(ws, command, Path.Combine(parentFile, "out"), name);
    }

    [Theory]
    [MemberData(nameof(FileOutputs))]
    public void A_file_output_that_is_an_existing_folder_fails_fast_with_exit_3(string name, string command)
    {
        using var ws = new ScenarioWorkspace();
        string folder = Path.Combine(ws.Root, "a-folder");
        // A prefix option (sweep, merge) writes PREFIX.json: make that the folder.
        Directory.CreateDirectory(command.Contains("-o BAD", StringComparison.Ordinal) ? folder + ".json" : folder);
        AssertRefused(ws, command, folder, name);
    }

    [Theory]
    [MemberData(nameof(FolderOutputs))]
    public void A_folder_output_that_is_a_file_fails_fast_with_exit_3(string name, string command)
    {
        using var ws = new ScenarioWorkspace();
        AssertRefused(ws, command, ws.Write("a-file.png", "x"), name);
    }

    [Theory]
    [MemberData(nameof(FolderOutputs))]
    public void A_folder_output_under_a_file_fails_fast_with_exit_3(string name, string command)
    {
        using var ws = new ScenarioWorkspace();
        string parentFile = ws.Write("not-a-folder", "x");
        AssertRefused(ws, command, Path.Combine(parentFile, "plots"), name);
    }

    private static void AssertRefused(ScenarioWorkspace ws, string command, string bad, string name)
    {
        string scenario = ws.Write("small.yaml", ScenarioWorkspace.SmallRoom);
        string[] args = command.Split(' ')
            .Select(a => a switch { "BAD" => bad, "SCENARIO" => scenario, _ => a })
            .ToArray();
        string[] before = Directory.GetFileSystemEntries(ws.Root, "*", SearchOption.AllDirectories);
        var clock = Stopwatch.StartNew();
        CliProcess.Result result = CliProcess.Run(ws.Root, args);
        clock.Stop();
        Assert.True(result.ExitCode == 3, $"{name}: exit {result.ExitCode}; stderr: {result.Stderr}");
        string[] lines = result.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(bad, lines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        // The sweeps given (200 points x 20 replications, up to 20,000 users) would take far longer than this bound;
        // start-up alone takes a fraction of it even on a machine shared with builds (5 s was missed under load).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{name}: took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(before, Directory.GetFileSystemEntries(ws.Root, "*", SearchOption.AllDirectories));
    }
}
