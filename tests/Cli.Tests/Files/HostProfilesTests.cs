using System.Text.Json;
using FanoutSim.Cli.Commands;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// Which committed profiles were fitted on a host kind (calibration/profiles, where --start NAME looks), and what
/// `fanoutsim probe` says of this machine's.
/// </summary>
public class HostProfilesTests
{
    private static readonly HostKind s_slow = new("AMD EPYC", 2, 2096);

    private static string Profiles(ScenarioWorkspace ws) => Path.Combine(ws.Root, "calibration", "profiles");

    [Fact]
    public void The_committed_profiles_fitted_on_a_kind_are_listed_by_name()
    {
        using var ws = new ScenarioWorkspace();
        Assert.Equal(["local", "local-python"], HostProfiles.FittedOn(Profiles(ws), s_slow));
        Assert.Equal(["local-epyc-2c-2596mhz"], HostProfiles.FittedOn(Profiles(ws), s_slow with { Mhz = 2596.1 }));
        Assert.Empty(HostProfiles.FittedOn(Profiles(ws), s_slow with { Cpus = 4 }));
    }

    [Fact]
    public void A_profile_that_does_not_load_is_passed_over()
    {
        using var ws = new ScenarioWorkspace();
        File.WriteAllText(Path.Combine(Profiles(ws), "broken.yaml"), "name: broken\nfitted_host: AMD EPYC, 2 CPUs\n");
        Assert.Equal(["local", "local-python"], HostProfiles.FittedOn(Profiles(ws), s_slow));
    }

    [Fact]
    public void With_none_fitted_on_the_kind_the_line_says_to_fit_your_own()
    {
        string line = ProbeCommand.ProfilesLine(s_slow, "calibration/profiles", []);
        Assert.StartsWith("none in calibration/profiles: fit your own, sudo calibration/calibrate-here", line);
        Assert.Contains("README \"Host kinds\"", line);
        Assert.Equal("local, local-python (fitted on this host kind, in calibration/profiles)",
            ProbeCommand.ProfilesLine(s_slow, "calibration/profiles", ["local", "local-python"]));
        Assert.StartsWith("unknown", ProbeCommand.ProfilesLine(null, "calibration/profiles", null));
    }

    [Fact]
    public void Probe_prints_this_machines_kind_and_the_profiles_fitted_on_it_also_in_its_json()
    {
        var here = HostKind.OfMachine();
        Assert.SkipWhen(here is null, "/proc/cpuinfo names no model or clock here");
        using var ws = new ScenarioWorkspace();
        // One profile made to match this machine whatever it is, one of another kind.
        string local = File.ReadAllText(Path.Combine(Profiles(ws), "local.yaml"));
        HostKind other = here! with { Cpus = here.Cpus + 1 };
        foreach ((string name, HostKind kind) in new[] { ("mine", here), ("other", other) })
        {
            File.WriteAllText(Path.Combine(Profiles(ws), name + ".yaml"), string.Join('\n', local.Split('\n')
                .Select(l => l.StartsWith("fitted_host:", StringComparison.Ordinal) ? "fitted_host: " + kind.ToText()
                    : l.StartsWith("name:", StringComparison.Ordinal) ? "name: " + name : l)));
        }
        var expected = HostProfiles.FittedOn(Profiles(ws), here).ToList();
        Assert.Contains("mine", expected);
        Assert.DoesNotContain("other", expected);

        CliProcess.Result result = CliProcess.Run(ws.Root, "probe", "--seconds", "0.02", "--repeats", "1", "--json",
            "probe.json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"  host kind ..........: {here.ToText()}\n", result.Stdout);
        Assert.Contains($"  profiles of its kind: {string.Join(", ", expected)} (fitted on this host kind, in "
            + "calibration/profiles)\n", result.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ws.Root, "probe.json")));
        Assert.Equal(here.ToText(), json.RootElement.GetProperty("host_kind").GetString());
        Assert.Equal(expected, json.RootElement.GetProperty("profiles_fitted_on_host_kind").EnumerateArray()
            .Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public void Probe_refuses_an_unwritable_json_path_before_it_measures_anything()
    {
        using var ws = new ScenarioWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "a-file"), "");

        CliProcess.Result result = CliProcess.Run(ws.Root, "probe", "--seconds", "0.02", "--repeats", "1", "--json",
            "a-file/probe.json");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--json", result.Stderr);
        Assert.DoesNotContain("speed index", result.Stdout);
    }
}
