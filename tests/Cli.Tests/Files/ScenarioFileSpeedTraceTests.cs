using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// `speed_trace` in a scenario: the machine's speed second by second relative to machine_speed, a list of positive
/// factors; a bad item is refused at its own file, line and column.
/// </summary>
public class ScenarioFileSpeedTraceTests
{
    private static Scenario Load(string yaml)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("s.yaml", yaml));
    }

    [Fact]
    public void Left_out_the_speed_is_steady()
    {
        Assert.Null(Load(ScenarioWorkspace.SmallRoom).Deployment.SpeedTrace);
    }

    [Fact]
    public void Given_as_a_list_it_is_the_factor_of_each_second_in_order()
    {
        SpeedTrace trace = Load(ScenarioWorkspace.SmallRoom + "\nspeed_trace: [1.1, 0.5, 1e0]\n").Deployment
            .SpeedTrace!;

        Assert.Equal([1.1, 0.5, 1.0], trace.Factors);
        Assert.Equal(0.5, trace.FactorAt(1.5));
    }

    [Theory]
    [InlineData("[1, 0, 1]", "s.yaml:10:18", "speed_trace[1]", "must be more than 0")]
    [InlineData("[1, 1, slow]", "s.yaml:10:21", "speed_trace[2]", "expected a number, got 'slow'")]
    [InlineData("0.9", "s.yaml:10:14", "speed_trace", "expected a list of numbers")]
    public void A_bad_value_is_refused_at_its_file_line_and_column(string text, string where, string key, string why)
    {
        using var ws = new ScenarioWorkspace();
        string file = ws.Write("s.yaml", ScenarioWorkspace.SmallRoom + $"\nspeed_trace: {text}\n");

        string message = Assert.Throws<InputException>(() => ScenarioFile.Load(file)).Message;

        Assert.Contains(where, message);
        Assert.Contains(key, message);
        Assert.Contains(why, message);
    }

    [Fact]
    public void The_cli_refuses_it_with_exit_2()
    {
        using var ws = new ScenarioWorkspace();
        string file = ws.Write("s.yaml", ScenarioWorkspace.SmallRoom + "\nspeed_trace: [1, -2]\n");

        CliProcess.Result result = CliProcess.Run(ws.Root, ["run", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("speed_trace[1]", result.Stderr);
    }
}
