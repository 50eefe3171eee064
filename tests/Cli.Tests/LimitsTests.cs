using System.Net;
using System.Net.Sockets;
using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests;

/// <summary>A limit that was hit, or a run that measured nothing, is visible: a warning or one line, and exit 4.
/// </summary>
public class LimitsTests
{
    private const string HitsTimeLimit = ScenarioWorkspace.SmallRoom + "\ntime_limit: 2s\n";

    [Fact]
    public void A_run_that_hits_the_time_limit_warns_and_exits_4()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", ws.Write("short.yaml", HitsTimeLimit));
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("warning: a simulation hit its time_limit", result.Stdout);
    }

    [Fact]
    public void Allow_time_limit_accepts_a_run_that_hits_it_but_still_warns()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", ws.Write("short.yaml", HitsTimeLimit),
            "--allow-time-limit");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: a simulation hit its time_limit", result.Stdout);
    }

    [Fact]
    public void A_sweep_with_a_point_that_hits_the_time_limit_exits_4()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "sweep", ws.Write("short.yaml", HitsTimeLimit),
            "--vary", "users=10,20", "-o", Path.Combine(ws.Root, "sweep"));
        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public void A_run_within_its_time_limit_does_not_warn()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", ws.Write("small.yaml", ScenarioWorkspace.SmallRoom));
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("warning", result.Stdout);
    }

    [Fact]
    public void Load_against_a_port_where_nothing_listens_exits_4_with_one_line()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "load", "--url", $"ws://127.0.0.1:{FreePort()}/ws/room1",
            "--users", "2", "--sessions", "1", "--session", "1s", "--max-duration", "3s");
        Assert.Equal(4, result.ExitCode);
        string line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("could not connect", line);
    }

    [Fact]
    public void A_bad_option_value_names_the_option_and_the_expected_form_in_one_line()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", ws.Write("small.yaml", ScenarioWorkspace.SmallRoom),
            "--seed", "abc");
        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("--seed: expected a whole number, got 'abc'", line);
        Assert.DoesNotContain("System.", result.Stderr + result.Stdout);
        Assert.DoesNotContain("Description:", result.Stderr + result.Stdout);
    }

    [Fact]
    public void A_bad_number_names_the_option_without_a_type_name()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "capacity",
            ws.Write("small.yaml", ScenarioWorkspace.SmallRoom), "--target", "most");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--target: expected a number", Assert.Single(result.Stderr.Trim().Split('\n')));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
