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

    [Fact]
    public void The_speed_where_the_servers_ran_weighs_each_cpu_by_their_seconds_on_it()
    {
        SpeedIndex before = Probe(2_000_000) with { PerCpu = [2_600_000, 1_400_000] };
        SpeedIndex after = Probe(2_200_000) with { PerCpu = [2_600_000, 1_800_000] };
        // Slow CPU 1 at 1.6 M on average; three quarters of the servers' time there: 0.25 x 2.6 M + 0.75 x 1.6 M.
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect(before, after, [1.0, 3.0], [0, 1]);
        Assert.Equal("1850000", facts["speed_index_server"]);
        Assert.Equal("2100000", facts["speed_index"]);
    }

    [Fact]
    public void No_server_speed_is_claimed_when_the_probe_did_not_time_the_cpus_the_servers_were_counted_on()
    {
        SpeedIndex perCpu = Probe(2_000_000) with { PerCpu = [2_600_000, 1_400_000] };
        Assert.False(MachineFacts.Collect(perCpu, perCpu, [1.0, 3.0], [2, 3]).ContainsKey("speed_index_server"));
        Assert.False(MachineFacts.Collect(perCpu, perCpu, [1.0, 3.0, 0.0], [0, 1]).ContainsKey("speed_index_server"));
        Assert.False(MachineFacts.Collect(Probe(2_000_000), null, [1.0, 3.0], [0, 1])
            .ContainsKey("speed_index_server"));
        Assert.False(MachineFacts.Collect(perCpu, perCpu, [], [0, 1]).ContainsKey("speed_index_server"));
        Assert.False(MachineFacts.Collect(perCpu, perCpu, [0.0, 0.0], [0, 1]).ContainsKey("speed_index_server"));
    }
}
