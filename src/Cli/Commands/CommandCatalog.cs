using System.CommandLine;

namespace FanoutSim.Cli.Commands;

/// <summary>Every subcommand of `fanoutsim`, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return RunCommand.Create();
        yield return FitCommand.Create();
        yield return CalibrateCommand.Create();
        yield return LoadCommand.Create();
    }
}
