namespace FanoutSim.LoadGen.Tests;

/// <summary>What a measured run records about its machine's speed, from the probes before and after it.</summary>
public class MachineFactsTests
{
    private static SpeedIndex Probe(double median) => new(median, median * 0.98, median * 1.01, 5, 0.1);

    [Fact]
    public void One_probe_is_the_runs_index()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(Probe(2_500_000));
        Assert.Equal("2500000", facts["speed_index"]);
        Assert.False(facts.ContainsKey("speed_index_after"));
    }

    [Fact]
    public void A_probe_disturbed_before_the_run_gives_way_to_the_one_after_and_the_speed_is_marked_unsteady()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(Probe(1_500_000), Probe(2_600_000));
        Assert.Equal("2600000", facts["speed_index"]);
        Assert.Equal("1500000", facts["speed_index_before"]);
        Assert.Equal("2600000", facts["speed_index_after"]);
        Assert.Equal("false", facts["speed_index_steady"]);
    }

    [Fact]
    public void Probes_within_ten_percent_are_steady()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(Probe(2_600_000), Probe(2_450_000));
        Assert.Equal("2600000", facts["speed_index"]);
        Assert.Equal("true", facts["speed_index_steady"]);
    }

    [Fact]
    public void Without_a_probe_no_speed_is_claimed()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect();
        Assert.DoesNotContain(facts.Keys, k => k.StartsWith("speed_index", StringComparison.Ordinal));
    }
}
