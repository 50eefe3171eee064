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

    public static TargetRule Rule(double target, bool relative, Scenario scenario)
    {
        var rule = new TargetRule(target, relative);
        string? problem = rule.Infeasibility(scenario);
        if (problem is not null)
        {
            throw new UsageException($"--target: {problem}");
        }
        return rule;
    }
}
