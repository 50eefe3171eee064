using System.Globalization;
using System.Text.RegularExpressions;
using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>What the commands print says what is true: positions, counts, intervals and bottlenecks.</summary>
public class HonestOutputTests
{
    private const string Quiet = """
        name: quiet
        users: 10
        interval: 1s
        session: 5s
        sessions: 1
        tasks: 1
        profile: aws-fargate-python
        redis_node: cache.t4g.small
        seed: 7
        """;

    [Fact]
    public void A_tab_error_points_at_the_line_holding_the_tab()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("tab.yaml", "name: x\nusers: 10\n\tinterval: 1s\n");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tab.yaml:3:1:", result.Stderr);
    }

    [Fact]
    public void A_directory_given_as_the_scenario_is_called_a_directory()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", ws.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a directory", result.Stderr);
        Assert.DoesNotContain("not found", result.Stderr);
    }

    [Fact]
    public void A_huge_value_is_echoed_capped()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("long.yaml", $"users: {new string('9', 5000)}x\ninterval: 1s\n");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("...'", result.Stderr);
        Assert.True(result.Stderr.Length < 400, result.Stderr.Length.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_long_name_is_echoed_capped_in_the_summary()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("long.yaml", Quiet.Replace("name: quiet", "name: " + new string('a', 5000)));
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(new string('a', 80) + "...", result.Stdout);
        Assert.DoesNotContain(new string('a', 81), result.Stdout);
    }

    [Fact]
    public void A_barely_busy_resource_is_not_called_the_bottleneck()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", ws.Write("quiet.yaml", Quiet));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(@"bottleneck: none \(busiest: task-0 cpu at \d+\.\d %\)", result.Stdout);
    }

    [Fact]
    public void A_sweep_with_one_replication_prints_no_interval()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "sweep", ws.Write("quiet.yaml", Quiet),
            "--vary", "users=10,12", "-r", "1", "-o", Path.Combine(ws.Root, "quiet-sweep"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("±", result.Stdout);
        Assert.Contains("x 1 replication in", result.Stdout);
        Assert.Contains("none (busiest:", result.Stdout);
    }

    [Fact]
    public void Plan_counts_the_candidates_it_says_it_simulated()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "plan", "--users", "40", "--interval", "1s",
            "--target", "0.95", "--relative", "--scenario", ws.Write("quiet.yaml", Quiet), "--max-tasks", "4",
            "--top", "2", "-r", "2", "--redis-nodes", "cache.t4g.small");
        Assert.True(result.ExitCode == 0, result.Stderr);
        int announced = Regex.Count(result.Stderr, @"plan: simulating \d+:");
        Assert.Contains($", {announced} simulated", result.Stdout);
    }

    [Fact]
    public void Plan_finds_its_default_scenario_outside_the_repository()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "plan", "--users", "20", "--interval", "1s",
            "--target", "0.9", "--max-tasks", "1", "--top", "1", "-r", "1", "--redis-nodes", "cache.t4g.small",
            "--modes", "per-task");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("https://aws.amazon.com/fargate/pricing/", result.Stdout);
    }

    [Fact]
    public void Plot_without_a_folder_writes_into_plots_out_not_the_tracked_plots()
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, "plot", ws.Write("quiet.yaml", Quiet));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(ws.Root, "plots-out"), "*.png"));
        Assert.False(Directory.Exists(Path.Combine(ws.Root, "plots")));
    }
}
