using System.CommandLine;
using FanoutSim.Cli.Files;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `--machine-speed X`: the machine the deployment runs on, in <see cref="MachineSpeed"/>'s grammar; the same as
/// `--set machine_speed=X`.
/// </summary>
internal static class MachineSpeedOption
{
    public static Option<string?> Create() => new("--machine-speed")
    {
        Description = "Speed of the machine the tasks run on: a speed index (`fanoutsim probe`), a machine of the " +
            "catalog (e.g. fargate-x86) or 'probe' for this one; the profile's CPU costs are scaled to it",
    };

    /// <summary><paramref name="overrides"/> with the option's value as the scenario key, when given.</summary>
    public static Dictionary<string, string> Into(Dictionary<string, string> overrides, string? value)
    {
        if (value is not null)
        {
            if (overrides.ContainsKey(MachineSpeed.Key))
            {
                throw new UsageException($"--machine-speed and --set {MachineSpeed.Key}=... both given; use one");
            }
            overrides[MachineSpeed.Key] = value;
        }
        return overrides;
    }
}
