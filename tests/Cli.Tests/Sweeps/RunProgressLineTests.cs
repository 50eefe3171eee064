using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Runs;

namespace FanoutSim.Cli.Tests.Sweeps;

/// <summary>A long single run shows its progress on a terminal and leaves no trace of it.</summary>
public class RunProgressLineTests
{
    [Fact]
    public void On_a_terminal_it_draws_the_share_of_simulated_time_and_erases_it_at_the_end()
    {
        var error = new StringWriter();
        using (var line = new RunProgressLine("run n100", new RunProgress(), terminal: true, error: error))
        {
            line.Draw();
        }

        string text = error.ToString();
        Assert.Contains("run n100 [", text, StringComparison.Ordinal);
        Assert.Contains("0 % of simulated time", text, StringComparison.Ordinal);
        Assert.Matches(@"\r +\r$", text);
    }

    [Fact]
    public void Elsewhere_it_writes_nothing()
    {
        var error = new StringWriter();
        using (var line = new RunProgressLine("run n100", new RunProgress(), terminal: false, error: error))
        {
            line.Draw();
        }

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void A_run_shorter_than_a_second_shows_nothing()
    {
        var error = new StringWriter();
        using (new RunProgressLine("run n100", new RunProgress(), terminal: true, error: error))
        {
        }

        Assert.Equal("", error.ToString());
    }
}
