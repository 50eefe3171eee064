using System.CommandLine;
using System.CommandLine.Invocation;
using FanoutSim.Cli.Commands;

namespace FanoutSim.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("FanoutSim: discrete-event simulation of N-squared chat fan-out (WebSocket + " +
            "Redis pub/sub).");
        foreach (Command command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            return ParseErrors.Report(parse);
        }
        // Ctrl-C cancels the action's token; an action that has not stopped a second later is ended with exit 130.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(1) };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
