using System.CommandLine;
using System.Diagnostics;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Plotting;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim sweep SCENARIO --vary key=...`: runs a grid of scenario variants and writes CSV and JSON.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "Scenario YAML file, e.g. scenarios/n100.yaml",
        };
        var vary = new Option<string[]>("--vary")
        {
            Description = "Scenario key to vary: key=lo..hi[:step] (e.g. users=10..500:10) or key=a,b,c (e.g. " +
                "tasks=1,2,4,8); repeatable, the grid is their product",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            Required = true,
        };
        var replications = new Option<int?>("--replications", "-r")
        {
            Description = "Replications per point (overrides the scenario)",
        };
        var seed = new Option<ulong?>("--seed", "-s")
        {
            Description = "Base seed; every point uses it (common random numbers)",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Output prefix: writes PREFIX.csv and PREFIX.json (default: NAME-sweep, plus .shard-I-of-N " +
                "for a shard)",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only points with index % n == i (i from 0), e.g. --shard 0/4; join the parts with " +
                "`fanoutsim merge`",
        };
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw the sweep's plots as PNGs into this folder",
        };
        var parallel = new Option<int?>("--parallel", "-j")
        {
            Description = "Simulations at once (default: all cores)",
        };
        Option<string[]> set = SetOption.Create();
        var command = new Command("sweep",
            "Run a scenario over a grid of values, in parallel, with replications and confidence intervals")
        {
            scenario, vary, replications, seed, output, shard, plot, parallel, set,
        };
        Option<bool> allowTimeLimit = TimeLimitOption.Create();
        command.Options.Add(allowTimeLimit);
        Option<string?> machineSpeed = MachineSpeedOption.Create();
        command.Options.Add(machineSpeed);
        CliErrors.SetAction(command, (parse, token) => Execute(new SweepRequest(
            parse.GetValue(scenario)!, parse.GetValue(vary) ?? [], parse.GetValue(replications), parse.GetValue(seed),
            parse.GetValue(output), ShardSpec.Parse(parse.GetValue(shard)), parse.GetValue(plot),
            parse.GetValue(parallel),
            MachineSpeedOption.Into(SetOption.Parse(parse.GetValue(set)), parse.GetValue(machineSpeed)),
            parse.GetValue(allowTimeLimit)), token));
        return command;
    }

    internal sealed record SweepRequest(string File, string[] Vary, int? Replications, ulong? Seed, string? Output,
        ShardSpec Shard, string? PlotDirectory, int? Parallel, Dictionary<string, string> Fixed,
        bool AllowTimeLimit = false);

    internal static int Execute(SweepRequest request, CancellationToken cancellation = default)
    {
        OutputPath.CheckDirectory("--plot", request.PlotDirectory);
        if (request.Replications is < 1)
        {
            throw new UsageException($"--replications must be at least 1, got {request.Replications}");
        }
        if (request.Parallel is < 1)
        {
            throw new UsageException($"--parallel must be at least 1, got {request.Parallel}");
        }
        var axes = request.Vary.Select(SweepAxis.Parse).ToList();
        string? repeated = axes.GroupBy(a => a.Key).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            throw new UsageException($"--vary {repeated} is given twice; list all its values in one --vary");
        }
        string? both = axes.Select(a => a.Key).FirstOrDefault(request.Fixed.ContainsKey);
        if (both is not null)
        {
            throw new UsageException($"'{both}' is both varied (--vary) and fixed (--set)");
        }
        long total = SweepGrid.Count(axes);
        if (total > SweepAxis.MaxValues)
        {
            throw new UsageException($"the sweep has {total} points, more than {SweepAxis.MaxValues}; use fewer " +
                $"values or coarser steps");
        }
        // Resolve every point first: a bad value anywhere fails before anything runs or is written.
        var points = SweepGrid.Points(axes)
            .Select((values, i) => new SweepPoint(i, values,
                ScenarioFile.Load(request.File, request.Seed, request.Replications,
                    new Dictionary<string, string>(request.Fixed.Concat(values), StringComparer.Ordinal))))
            .ToList();
        var mine = points.Where(p => request.Shard.Owns(p.Index)).ToList();
        Scenario baseScenario = points[0].Scenario;
        string prefix = request.Output ?? $"{baseScenario.Name}-sweep"
            + (request.Shard.IsWhole ? "" : $".shard-{request.Shard.Index}-of-{request.Shard.Count}");
        OutputPath.CheckFile("--output", prefix + ".json");
        OutputPath.CheckFile("--output", prefix + ".csv");

        var clock = Stopwatch.StartNew();
        var progress = new ProgressBar($"sweep {Echoed.Capped(baseScenario.Name)}", mine.Count);
        // Replication r of a point runs on the seed `fanoutsim run -r` gives it: a point reproduces that run.
        IReadOnlyList<RunReport> reports = Replications.Run(mine.Select(p => p.Scenario).ToList(),
            new ReplicationOptions(request.Parallel, Cancellation: cancellation), _ => progress.Advance());
        progress.Finish();
        clock.Stop();

        var sweep = new SweepFile(SweepFile.CurrentSchema, baseScenario.Name, request.File, axes,
            baseScenario.Replications, baseScenario.Seed, points.Count, request.Shard.Count, [request.Shard.Index],
            clock.Elapsed.TotalSeconds, mine.Select((p, i) => SweepRows.From(p, reports[i])).ToList());
        Console.Write(SweepTable.Format(sweep));
        AtomicFile.WriteAllText(prefix + ".json", SweepJson.Serialize(sweep));
        AtomicFile.WriteAllText(prefix + ".csv", SweepCsv.Format(sweep));
        Console.WriteLine($"  {mine.Count} point(s) x {Plural.Of(baseScenario.Replications, "replication")} in " +
            $"{clock.Elapsed.TotalSeconds:0.0} s; wrote {prefix}.csv and {prefix}.json");
        if (request.PlotDirectory is not null)
        {
            foreach (string png in SweepPlots.Write(sweep, request.PlotDirectory))
            {
                Console.WriteLine($"  plot: {png}");
            }
        }
        return TimeLimitOption.ExitCode(reports, request.AllowTimeLimit);
    }
}
