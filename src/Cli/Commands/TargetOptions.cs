using System.CommandLine;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>`--target` and `--relative`, shared by capacity and plan.</summary>
internal static class TargetOptions
{
    public static Option<double> Target() => new("--target", "-t")
    {
        Description = "Delivery ratio to keep, in (0, 1], e.g. 0.95",
        Required = true,
    };

    public static Option<bool> Relative() => new("--relative")
    {
        Description = "Read --target as a fraction of the ratio a server with no queueing scores (k6 never counts " +
            "messages sent during reconnects)",
    };

    public static Option<string?> TargetP99() => new("--target-p99")
    {
        Description = "Also keep the 99th percentile of the delivery latency (send to receipt) within this, e.g. 250ms",
    };

    /// <param name="p99">the --target-p99 text, or null</param>
    public static TargetRule Rule(double target, bool relative, Scenario scenario, string? p99 = null)
    {
        double? p99Seconds = null;
        if (p99 is not null)
        {
            if (!DurationText.TryParse(p99, out double seconds) || !(seconds > 0))
            {
                throw new UsageException($"--target-p99 expects a positive duration such as 250ms or 1s, got '{p99}'");
            }
            p99Seconds = seconds;
        }
        var rule = new TargetRule(target, relative, p99Seconds);
        string? problem = rule.Infeasibility(scenario);
        if (problem is not null)
        {
            throw new UsageException($"--target: {problem}");
        }
        return rule;
    }
}
