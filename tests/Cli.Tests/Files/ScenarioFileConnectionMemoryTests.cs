using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// `connection_memory_kb` in a scenario (or `--set`) sets the profile's memory per open connection for that scenario,
/// read and bounded as the profile field is.
/// </summary>
public class ScenarioFileConnectionMemoryTests
{
    private static Scenario Load(string yaml, IReadOnlyDictionary<string, string>? overrides = null)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("s.yaml", yaml), overrides: overrides);
    }

    [Fact]
    public void Left_out_it_is_the_profiles_which_gives_connections_no_memory()
    {
        Assert.Equal(0, Load(ScenarioWorkspace.SmallRoom).Profile.ConnectionMemoryKb);
    }

    [Fact]
    public void Given_it_sets_the_profiles_memory_per_connection_for_this_scenario()
    {
        Scenario s = Load(ScenarioWorkspace.SmallRoom + "\nconnection_memory_kb: 48.5\n");

        Assert.Equal(48.5, s.Profile.ConnectionMemoryKb);
        Assert.Equal("aws-fargate-python", s.Profile.Name);
    }

    [Fact]
    public void Set_on_the_command_line_it_does_the_same()
    {
        Scenario s = Load(ScenarioWorkspace.SmallRoom,
            new Dictionary<string, string> { ["connection_memory_kb"] = "20" });

        Assert.Equal(20, s.Profile.ConnectionMemoryKb);
    }

    [Theory]
    [InlineData("-1", "must be at least 0")]
    [InlineData("lots", "expected a number")]
    public void A_bad_value_is_refused_at_its_file_line_and_column(string text, string why)
    {
        using var ws = new ScenarioWorkspace();
        string file = ws.Write("s.yaml", ScenarioWorkspace.SmallRoom + $"\nconnection_memory_kb: {text}\n");

        string message = Assert.Throws<InputException>(() => ScenarioFile.Load(file)).Message;

        // SmallRoom's nine lines, then the key on line 10, its value from column 23.
        Assert.Contains("s.yaml:10:23", message);
        Assert.Contains("connection_memory_kb", message);
        Assert.Contains(why, message);
    }
}
