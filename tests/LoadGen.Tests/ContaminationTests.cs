namespace FanoutSim.LoadGen.Tests;

public class ContaminationTests
{
    private static LoadSample At(double seconds, double busy, double ownServer, double loadGen, double steal = 0,
        double idle = 0) =>
        new(seconds, 0, 0, 0, [ownServer])
        {
            Machine = new CpuTimes(busy, 0, 0, idle, 0, 0, 0, steal),
            LoadGenCpuSeconds = loadGen,
        };

    [Fact]
    public void Foreign_cpu_is_machine_busy_minus_the_own_processes()
    {
        // Second 1: machine 1.0 core busy, own 0.5 + 0.3; second 2: machine 1.5, own 0.4 + 0.1.
        LoadSample[] samples =
            [At(0, 10, 1, 1, idle: 0), At(1, 11, 1.5, 1.3, idle: 1), At(2, 12.5, 1.9, 1.4, idle: 1.5)];

        Contamination c = Contamination.Measure(samples)!;

        Assert.Equal(0.2, c.ForeignCores[0], 9);
        Assert.Equal(1.0, c.ForeignCores[1], 9);
        Assert.Equal(0.6, c.ForeignCoresMean, 9);
        Assert.Equal(0.6, c.ForeignCoresMax, 9);
        Assert.True(c.Contaminated);
    }

    [Fact]
    public void Own_work_counted_a_second_late_by_the_machine_cancels_over_two_seconds()
    {
        // Own processes: 0.6 core each second. The machine counts 1.1 in the first second and 0.1 in the next.
        LoadSample[] samples =
            [At(0, 10, 1, 1, idle: 0), At(1, 11.1, 1.3, 1.3, idle: 0.9), At(2, 11.2, 1.6, 1.6, idle: 2.8)];

        Contamination c = Contamination.Measure(samples)!;

        Assert.Equal(0.5, c.ForeignCores[0], 9);
        Assert.Equal(0, c.ForeignCores[1], 9);
        Assert.Equal(0, c.ForeignCoresMean, 9);
        Assert.Equal(0, c.ForeignCoresMax, 9);
        Assert.False(c.Contaminated);
    }

    [Fact]
    public void A_busy_neighbour_for_two_seconds_marks_the_run()
    {
        LoadSample[] samples = [At(0, 10, 1, 1), At(1, 11.4, 1.3, 1.3, idle: 0.6), At(2, 12.8, 1.6, 1.6, idle: 1.2),
            At(3, 13.4, 1.9, 1.9, idle: 2.6)];

        Contamination c = Contamination.Measure(samples)!;

        Assert.Equal(0.8, c.ForeignCoresMax, 9);
        Assert.True(c.Contaminated);
    }

    [Fact]
    public void A_quiet_machine_is_clean()
    {
        LoadSample[] samples = [At(0, 10, 1, 1), At(1, 10.82, 1.5, 1.3, idle: 1.18), At(2, 11.64, 2, 1.6, idle: 2.36)];

        Contamination c = Contamination.Measure(samples)!;

        Assert.Equal(0.02, c.ForeignCoresMean, 9);
        Assert.False(c.Contaminated);
    }

    [Fact]
    public void Steal_is_a_share_of_all_cpu_time_and_marks_the_run()
    {
        LoadSample[] samples = [At(0, 10, 1, 1), At(1, 10.8, 1.5, 1.3, steal: 0.2, idle: 1.0)];

        Contamination c = Contamination.Measure(samples)!;

        Assert.Equal(0.2 / 2.0, c.StealFraction, 9);
        Assert.Equal(0.2, c.StealCores[0], 9);
        Assert.True(c.Contaminated);
    }

    [Fact]
    public void Without_the_machine_counters_there_is_no_verdict() =>
        Assert.Null(Contamination.Measure([new LoadSample(0, 0, 0, 0, []), new LoadSample(1, 0, 0, 0, [])]));
}
