using System.CommandLine;

namespace FanoutSim.Cli.Commands;

/// <summary>Every subcommand of `fanoutsim`, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return RunPlotOption.AddTo(RunCommand.Create());
        yield return BenchCommand.Create();
        yield return CalibrateCommand.Create();
        yield return LoadCommand.Create();
        yield return ProbeCommand.Create();
        yield return SweepCommand.Create();
        yield return MergeCommand.Create();
        yield return PlotCommand.Create();
        yield return CapacityCommand.Create();
        yield return PlanCommand.Create();
    }
}
