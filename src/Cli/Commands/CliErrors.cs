using FanoutSim.Cli.Files;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>Turns bad input into one clear line on stderr and exit code 2.</summary>
internal static class CliErrors
{
    public const int BadInput = 2;

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
    }

    public static int Report(string message)
    {
        Console.Error.WriteLine($"fanoutsim: error: {message}");
        return BadInput;
    }
}
