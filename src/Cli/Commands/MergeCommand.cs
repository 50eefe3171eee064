using System.CommandLine;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Plotting;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim merge SHARD.json...`: joins the shards of a sweep run with --shard into one CSV and JSON.
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("shards")
        {
            Description = "Sweep JSON files written by `fanoutsim sweep --shard i/n`",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output prefix: writes PREFIX.csv and PREFIX.json",
            Required = true,
        };
        var partial = new Option<bool>("--allow-partial") { Description = "Merge even if some shards are missing" };
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw the merged sweep's plots into this folder",
        };
        var command = new Command("merge", "Join sweep shards (from --shard i/n) into one result")
        {
            files, output, partial, plot,
        };
        CliErrors.SetAction(command, (parse, _) => Execute(parse.GetValue(files)!, parse.GetValue(output)!,
            parse.GetValue(partial), parse.GetValue(plot)));
        return command;
    }

    private static int Execute(string[] files, string prefix, bool allowPartial, string? plotDirectory)
    {
        OutputPath.CheckFile("--output", prefix + ".json");
        OutputPath.CheckFile("--output", prefix + ".csv");
        OutputPath.CheckDirectory("--plot", plotDirectory);
        var parts = files.Select(f => (f, SweepJson.Load(f))).ToList();
        SweepFile merged = SweepMerge.Merge(parts, allowPartial);
        AtomicFile.WriteAllText(prefix + ".json", SweepJson.Serialize(merged));
        AtomicFile.WriteAllText(prefix + ".csv", SweepCsv.Format(merged));
        Console.Write(SweepTable.Format(merged));
        string completeness = merged.Complete
            ? "complete"
            : $"PARTIAL: {merged.Points.Count} of {merged.PointsTotal} points";
        Console.WriteLine($"  merged {files.Length} file(s), {merged.Points.Count} point(s) ({completeness}); wrote " +
            $"{prefix}.csv and {prefix}.json");
        if (plotDirectory is not null)
        {
            foreach (string png in SweepPlots.Write(merged, plotDirectory))
            {
                Console.WriteLine($"  plot: {png}");
            }
        }
        return 0;
    }
}
