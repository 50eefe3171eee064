using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using FanoutSim.Cli.Commands;

namespace FanoutSim.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Ctrl-C while the commands are built and parsed, before System.CommandLine's own handler is in place (about a
        // second on a cold or busy machine): without this the runtime ends the process silently. Nothing is written
        // yet, so it is told like any interrupt.
        ParseResult parse;
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, InterruptedEarly))
        {
            var root = new RootCommand("FanoutSim: discrete-event simulation of N-squared chat fan-out (WebSocket + " +
                "Redis pub/sub).");
            foreach (Command command in CommandCatalog.All())
            {
                root.Subcommands.Add(command);
            }
            parse = root.Parse(args);
        }
        if (parse.Action is ParseErrorAction)
        {
            return ParseErrors.Report(parse);
        }
        // Ctrl-C cancels the action's token; an action that has not stopped a second later is ended with exit 130.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(1) };
        int code = await parse.InvokeAsync(invocation).ConfigureAwait(false);
        // An action still inside a long step when the timeout ended it never printed its line: say it here (once:
        // an action that stopped itself has). Its files are written by rename, so what it had not finished is not
        // there.
        return code == CliErrors.Interrupted ? CliErrors.ReportInterrupted() : code;
    }

    private static void InterruptedEarly(PosixSignalContext context)
    {
        context.Cancel = true;
        Environment.Exit(CliErrors.ReportInterrupted());
    }
}
