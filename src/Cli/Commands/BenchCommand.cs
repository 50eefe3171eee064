using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim bench`: times the simulator end to end on fixed cases, each in a fresh child process
/// so wall time includes start-up and peak memory belongs to that case alone.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var cases = new Option<string[]>("--case")
        {
            Description = "Cases to run (default: all): " + string.Join(", ", BenchCase.All.Select(c => c.Name)),
        };
        var child = new Option<string?>("--child") { Hidden = true };
        var command = new Command("bench",
            "Time the simulator on fixed cases: wall time incl. start-up, deliveries per second, peak memory")
        {
            cases, child,
        };
        CliErrors.SetAction(command, (parse, cancel) => parse.GetValue(child) is { } name
            ? RunChild(name)
            : RunAll(parse.GetValue(cases), cancel));
        return command;
    }

    private static int RunAll(string[]? names, CancellationToken cancel)
    {
        List<BenchCase> selected = names is { Length: > 0 }
            ? names.Select(BenchCase.Named).ToList()
            : BenchCase.All.ToList();
        Console.WriteLine($"fanoutsim bench on {Environment.ProcessorCount} cores, {Environment.Version}, " +
            $"single-threaded simulation per case");
        Console.WriteLine();
        Console.WriteLine("case                 wall s   sim s   events      cpu jobs    deliveries     " +
            "deliveries/s   written/s      peak MB");
        foreach (BenchCase c in selected)
        {
            var watch = Stopwatch.StartNew();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
            start.ArgumentList.Add("bench");
            start.ArgumentList.Add("--child");
            start.ArgumentList.Add(c.Name);
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            ChildExit.Wait(process, Timeout.InfiniteTimeSpan, cancel);
            double wall = watch.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"{c.Name,-20} failed (exit {process.ExitCode})");
                continue;
            }
            BenchFigures r = JsonSerializer.Deserialize<BenchFigures>(output.Result.Trim().Split('\n')[^1])!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name,-20} {wall,6:0.00} {r.SimSeconds,7:0.00}   {r.Events,-11:N0} {r.CpuJobs,-11:N0} " +
                $"{r.Deliveries,-14:N0} {r.Deliveries / r.SimSeconds,-14:N0} {r.Written / r.SimSeconds,-14:N0} " +
                $"{r.PeakMegabytes,7:0}"));
        }
        Console.WriteLine();
        Console.WriteLine("wall s: whole process incl. start-up; sim s: the simulation alone; deliveries: sent x N " +
            "message copies whose");
        Console.WriteLine("fate (received, late, discarded at close, dropped) the run decided; written: copies a " +
            "task actually wrote.");
        return 0;
    }

    private static int RunChild(string name)
    {
        var c = BenchCase.Named(name);
        string file = Path.Combine(RepositoryRoot(), c.ScenarioFile);
        Scenario scenario = ScenarioFile.Load(file, overrides: c.Overrides) with { Replications = 1 };
        var watch = Stopwatch.StartNew();
        RunReport report = ScenarioRunner.Run(scenario, maxParallelism: 1);
        double seconds = watch.Elapsed.TotalSeconds;
        double late = double.Parse(report.Environment["forwarded_after_client_close"], CultureInfo.InvariantCulture);
        var figures = new BenchFigures(seconds,
            (long)double.Parse(report.Environment["events"], CultureInfo.InvariantCulture),
            (long)double.Parse(report.Environment["cpu_jobs"], CultureInfo.InvariantCulture),
            report.Metrics.Expected, report.Metrics.WsMsgsReceived + (long)late,
            Process.GetCurrentProcess().PeakWorkingSet64 / 1e6);
        Console.WriteLine(JsonSerializer.Serialize(figures));
        return 0;
    }

    /// <summary>
    /// The repository holding calibration/ (found like scenarios find it), whose scenarios/ the cases use.
    /// </summary>
    private static string RepositoryRoot() =>
        Path.GetDirectoryName(ProjectPaths.CalibrationDirectory(Path.Combine(Directory.GetCurrentDirectory(), "bench"))
            ?? "")
        is { Length: > 0 } root
            ? root
            : throw new UsageException("run bench from inside the FanoutSim repository (it reads scenarios/)");

    private sealed record BenchFigures(double SimSeconds, long Events, long CpuJobs, long Deliveries, long Written,
        double PeakMegabytes);
}
