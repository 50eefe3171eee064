using System.CommandLine;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>`fanoutsim run SCENARIO`: simulate one scenario and print a k6-like summary.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "Scenario YAML file, e.g. scenarios/n100.yaml",
        };
        var json = new Option<string?>("--json") { Description = "Also write the full result as JSON to this file" };
        var replications = new Option<int?>("--replications", "-r")
        {
            Description = "Independent replications (overrides the scenario)",
        };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Base random seed (overrides the scenario)" };
        Option<string[]> set = SetOption.Create();
        var exact = new Option<bool>("--exact")
        {
            Description = "Simulate every delivery as its own job and event (slow reference for the batched path)",
        };
        Option<string?> sample = SampleOption.Create(
            "Keep replication 0's time series (rates, utilisations, backlogs), sampled this often in simulated time, "
            + "in the --json result; changes no result");
        var command = new Command("run",
            "Simulate a scenario and print k6-style metrics, utilizations and the bottleneck")
        {
            scenario, json, replications, seed, set, exact, sample,
        };
        Option<bool> allowTimeLimit = TimeLimitOption.Create();
        command.Options.Add(allowTimeLimit);
        Option<string?> machineSpeed = MachineSpeedOption.Create();
        command.Options.Add(machineSpeed);
        CliErrors.SetAction(command, (parse, token) => Execute(
            parse.GetValue(scenario)!, parse.GetValue(json), parse.GetValue(replications), parse.GetValue(seed),
            MachineSpeedOption.Into(SetOption.Parse(parse.GetValue(set)), parse.GetValue(machineSpeed)),
            parse.GetValue(exact), parse.GetValue(sample), parse.GetValue(allowTimeLimit), token));
        return command;
    }

    private static int Execute(string file, string? jsonPath, int? replications, ulong? seed,
        Dictionary<string, string> overrides, bool exact, string? sample, bool allowTimeLimit,
        CancellationToken cancellation)
    {
        OutputPath.CheckFile("--json", jsonPath);
        double? sampleEvery = SampleOption.Seconds(sample);
        if (replications is < 1)
        {
            throw new UsageException($"--replications must be at least 1, got {replications}");
        }
        Scenario scenario = ScenarioFile.Load(file, seed, replications, overrides);
        if (exact && scenario.Workload.SeveralRooms)
        {
            throw new UsageException("--exact does not model several rooms yet");
        }
        var progress = new RunProgress();
        var options = new ReplicationOptions(Exact: exact, SampleEverySeconds: sampleEvery, Cancellation: cancellation)
        {
            Progress = progress,
        };
        RunReport report;
        using (new RunProgressLine($"run {Echoed.Capped(scenario.Name)}", progress))
        {
            report = Replications.Run(scenario, options);
        }
        Console.Write(RunSummary.Format(report));
        if (AlignmentCheck.SpreadComparison(scenario, report, options) is { } spread)
        {
            Console.Error.WriteLine(RunSummary.LockstepWarning(scenario, report, spread));
        }
        if (jsonPath is not null)
        {
            AtomicFile.WriteAllText(jsonPath, RunReportJson.Serialize(report));
            Console.WriteLine($"  result written to {jsonPath}");
        }
        return TimeLimitOption.ExitCode([report], allowTimeLimit);
    }
}
