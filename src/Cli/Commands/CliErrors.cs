using System.CommandLine;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// Turns every expected failure into one clear line on stderr and its exit code; a user never sees a stack trace.
/// </summary>
internal static class CliErrors
{
    public const int BadInput = 2;
    public const int CannotWrite = 3;
    public const int LimitHit = 4;
    public const int Interrupted = 130;

    // Set once the interrupt was told: an action that outlives the termination timeout never reaches its own line.
    private static int s_interruptTold;

    /// <summary>Tells the interrupt once, whichever of the action and the termination timeout gets there first.
    /// </summary>
    public static int ReportInterrupted()
    {
        if (Interlocked.Exchange(ref s_interruptTold, 1) == 0)
        {
            Report("interrupted; nothing written", Interrupted);
        }
        return Interrupted;
    }

    /// <summary>
    /// Runs <paramref name="action"/> off the invoking thread with the token System.CommandLine cancels on Ctrl-C, so
    /// the process answers a SIGINT while the action stops at its next check.
    /// </summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, int> action) =>
        command.SetAction((parse, token) =>
            Task.Run(() => Guard(() => action(parse, token)), CancellationToken.None));

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (InputException e)
        {
            return Report(e.Message);
        }
        catch (ScenarioException e)
        {
            return Report(e.Message);
        }
        catch (UsageException e)
        {
            return Report(e.Message);
        }
        catch (OutputException e)
        {
            return Report(e.Message, CannotWrite);
        }
        catch (ProbeException e)
        {
            return Report(e.Message, LimitHit);
        }
        catch (OperationCanceledException)
        {
            return ReportInterrupted();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report(e.Message, CannotWrite);
        }
    }

    public static int Report(string message, int code = BadInput)
    {
        Console.Error.WriteLine($"fanoutsim: error: {message}");
        return code;
    }
}
