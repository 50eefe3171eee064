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
    public void Probes_before_and_after_the_run_average_and_a_gap_marks_the_speed_unsteady()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(Probe(1_500_000), Probe(2_600_000));
        Assert.Equal("2050000", facts["speed_index"]);
        Assert.Equal("1500000", facts["speed_index_before"]);
        Assert.Equal("2600000", facts["speed_index_after"]);
        Assert.Equal("false", facts["speed_index_steady"]);
    }

    [Fact]
    public void Probes_within_ten_percent_are_steady()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(Probe(2_600_000), Probe(2_400_000));
        Assert.Equal("2500000", facts["speed_index"]);
        Assert.Equal("true", facts["speed_index_steady"]);
    }

    [Fact]
    public void Without_a_probe_no_speed_is_claimed()
    {
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect();
        Assert.DoesNotContain(facts.Keys, k => k.StartsWith("speed_index", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_cpus_index_is_recorded()
    {
        SpeedIndex perCpu = Probe(2_000_000) with { PerCpu = [2_600_000, 1_400_000] };
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(perCpu, perCpu);
        Assert.Equal("2600000 1400000", facts["speed_index_cpus"]);
        Assert.Equal("2600000 1400000", facts["speed_index_after_cpus"]);
    }
}
