using System.CommandLine;
using FanoutSim.Cli.Commands;

namespace FanoutSim.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("FanoutSim: discrete-event simulation of N-squared chat fan-out (WebSocket + " +
            "Redis pub/sub).");
        foreach (Command command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        return root.Parse(args).Invoke();
    }
}
