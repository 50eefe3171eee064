using System.CommandLine;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `--allow-time-limit`: a run that hit the simulated-time limit reports only part of its sessions, so it is a
/// warning in the summary and exit code 4 unless the user accepts it.
/// </summary>
internal static class TimeLimitOption
{
    public static Option<bool> Create() => new("--allow-time-limit")
    {
        Description = "Exit 0 even if a simulation hit its time_limit (the summary still warns)",
    };

    /// <summary>Prints the warning if any report hit the limit and returns the exit code.</summary>
    public static int ExitCode(IEnumerable<RunReport> reports, bool allow)
    {
        if (!reports.Any(HitLimit))
        {
            return 0;
        }
        Console.WriteLine("  warning: a simulation hit its time_limit; the figures cover only the simulated time " +
            (allow ? "before it (--allow-time-limit)" : "before it (exit 4; --allow-time-limit to accept)"));
        return allow ? 0 : CliErrors.LimitHit;
    }

    private static bool HitLimit(RunReport report) =>
        report.Environment.TryGetValue("hit_time_limit", out string? hit) && hit == "true";
}
