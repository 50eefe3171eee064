using System.CommandLine;
using System.CommandLine.Invocation;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Plotting;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// Adds `--plot DIR` to `fanoutsim run` without touching the run command: after the run succeeds it
/// replays replication 0 with sampling and draws its time series and its Redis egress by the millisecond.
/// </summary>
internal static class RunPlotOption
{
    public static Command AddTo(Command run)
    {
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw replication 0 over time (rates, utilisations, backlogs; Redis egress by the "
                + "millisecond) as PNGs into this folder",
        };
        run.Options.Add(plot);
        if (run.Action is not AsynchronousCommandLineAction inner)
        {
            return run;
        }
        run.SetAction(async (parse, token) =>
        {
            string? directory = parse.GetValue(plot);
            int checkedFirst = CliErrors.Guard(() =>
            {
                OutputPath.CheckDirectory("--plot", directory);
                return 0;
            });
            int code = checkedFirst != 0 ? checkedFirst : await inner.InvokeAsync(parse, token).ConfigureAwait(false);
            if (code != 0 || directory is null)
            {
                return code;
            }
            return CliErrors.Guard(() =>
            {
                Scenario scenario = ScenarioFile.Load(parse.GetValue<string>("scenario")!,
                    parse.GetValue<ulong?>("--seed"), 1, SetOption.Parse(parse.GetValue<string[]>("--set")));
                var sampled = new ReplicationOptions(SampleEverySeconds: 1, Cancellation: token);
                Model.Results.RunReport run = Replications.Run(scenario, sampled);
                Console.WriteLine($"  plot: {TimeSeriesPlot.WriteInto(run.TimeSeries!, directory)}");
                string egress = EgressPlot.WriteInto(run.TimeSeries!.Scenario, run.EgressTrace!, directory);
                Console.WriteLine($"  plot: {egress}");
                return 0;
            });
        });
        return run;
    }
}
