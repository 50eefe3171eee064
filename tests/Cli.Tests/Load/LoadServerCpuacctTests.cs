using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Load;

/// <summary>`fanoutsim load --server-cpuacct`: the servers' cpuacct group, checked before anything runs.</summary>
public class LoadServerCpuacctTests
{
    [Fact]
    public void Help_describes_the_option()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--server-cpuacct", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_group_is_one_line_and_exit_2_before_any_probe_or_load()
    {
        using var ws = new ScenarioWorkspace();
        string json = Path.Combine(ws.Root, "run.json");
        string missing = Path.Combine(ws.Root, "no-such-group");
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--url", "ws://127.0.0.1:9/ws/r",
            "--server-cpuacct", missing, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"fanoutsim load: --server-cpuacct: '{missing}' has no readable cpuacct.usage_percpu; expected "
            + "the folder of a cgroup v1 cpuacct group holding the servers (inside `ip netns exec` /sys/fs/cgroup is "
            + "not mounted: bind-mount the group elsewhere)", result.Stderr.Trim());
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void Each_repeated_group_is_checked_and_a_readable_one_passes()
    {
        using var ws = new ScenarioWorkspace();
        string good = Path.Combine(ws.Root, "group");
        Directory.CreateDirectory(good);
        File.WriteAllText(Path.Combine(good, "cpuacct.usage_percpu"), "446922879054 451065423653 \n");
        string empty = Path.Combine(ws.Root, "empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "cpuacct.usage_percpu"), "");
        // --users 0 stops it before any load, whatever the groups say: only the bad group and the users are named.
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--url", "ws://127.0.0.1:9/ws/r", "--users", "0",
            "--server-cpuacct", good, "--server-cpuacct", empty);
        Assert.Equal(2, result.ExitCode);
        string[] lines = result.Stderr.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("fanoutsim load: --users: got 0", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"fanoutsim load: --server-cpuacct: '{empty}' has no readable", lines[1],
            StringComparison.Ordinal);
    }
}
