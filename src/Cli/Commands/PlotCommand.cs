using System.CommandLine;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Plotting;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim plot INPUT`: PNG charts of a sweep JSON (ratio vs N, delivered/s vs tasks, heatmap),
/// of one run of a scenario YAML over time (rates, utilisations, backlogs; and its Redis egress millisecond by
/// millisecond), or of a measured run file over time.
/// </summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "A sweep JSON (from sweep or merge), a scenario YAML (plots one simulated run over time) " +
                "or a measured run JSON (fanoutsim load --json: that run over time)",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for the PNGs (the tracked plots/ only when asked with -o plots)",
            DefaultValueFactory = _ => "plots-out",
        };
        var width = new Option<int>("--width")
        {
            Description = "Image width in pixels",
            DefaultValueFactory = _ => PlotStyle.DefaultWidth,
        };
        var height = new Option<int?>("--height")
        {
            Description = "Image height in pixels (default 600, 900 for time series)",
        };
        Option<string?> sample = SampleOption.Create("Time-series sampling interval of simulated time", "1s");
        var seed = new Option<ulong?>("--seed", "-s")
        {
            Description = "Seed for a scenario input (overrides the scenario)",
        };
        Option<string[]> set = SetOption.Create();
        var command = new Command("plot", "Draw PNG charts of a sweep, or of one run over time")
        {
            input, output, width, height, sample, seed, set,
        };
        CliErrors.SetAction(command, (parse, token) => Execute(parse.GetValue(input)!, parse.GetValue(output)!,
            parse.GetValue(width), parse.GetValue(height), parse.GetValue(sample)!, parse.GetValue(seed),
            SetOption.Parse(parse.GetValue(set)), token));
        return command;
    }

    private static int Execute(string input, string directory, int width, int? height, string sample, ulong? seed,
        Dictionary<string, string> overrides, CancellationToken cancellation)
    {
        OutputPath.CheckDirectory("--output", directory);
        if (width is < 100 or > 10_000 || height is < 100 or > 10_000)
        {
            throw new UsageException($"--width and --height must be 100..10000 pixels, got {width}x{height}");
        }
        double interval = SampleOption.Seconds(sample)!.Value;
        List<string> written;
        if (input.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            written = RunFilePlot.TryWrite(input, directory, width, height) is { } run
                ? run
                : SweepPlots.Write(SweepJson.Load(input), directory, width, height ?? PlotStyle.DefaultHeight);
        }
        else if (input.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || input.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            Scenario scenario = ScenarioFile.Load(input, seed, 1, overrides);
            // Replication 0, sampled: the same seed, so the same run `fanoutsim run` reports first.
            RunReport run = Replications.Run(scenario, new ReplicationOptions(SampleEverySeconds: interval,
                Cancellation: cancellation));
            written = [TimeSeriesPlot.WriteInto(run.TimeSeries!, directory, width, height ?? 900),
                EgressPlot.WriteInto(run.TimeSeries!.Scenario, run.EgressTrace!, directory, width, height ?? 900)];
        }
        else
        {
            throw new UsageException($"plot input '{input}' must be a sweep .json or a scenario .yaml");
        }
        foreach (string png in written)
        {
            Console.WriteLine($"  plot: {png}");
        }
        return 0;
    }
}
