namespace FanoutSim.LoadGen.Tests;

/// <summary>
/// The speed a run's servers had, from the in-run sampler: each CPU's speed second by second, weighted by the servers'
/// seconds on that CPU in that second; and how far a CPU's speed swung within the run.
/// </summary>
public class RunSpeedInRunTests
{
    [Fact]
    public void Each_seconds_speed_is_weighted_by_where_the_servers_ran_in_that_second()
    {
        // The slow vCPU changed halfway, and the servers followed the slow one each time: they met 1.2 M for three
        // quarters of their seconds. The whole-run split (1.8 M on each CPU) says 1.8 M.
        double?[][] speeds = [[2_400_000, 1_200_000], [1_200_000, 2_400_000]];
        double[][] seconds = [[0.01, 0.03], [0.03, 0.01]];

        Assert.Equal(1_500_000, RunSpeed.InRun(speeds, seconds)!.Value, 6);
        Assert.Equal(1_800_000, RunSpeed.WhereRun([2_400_000, 1_200_000], [1_200_000, 2_400_000], [0.04, 0.04]));
    }

    [Fact]
    public void A_cpu_of_unknown_speed_may_be_idle_but_not_used()
    {
        double?[][] speeds = [[2_000_000, null]];

        Assert.Equal(2_000_000, RunSpeed.InRun(speeds, [[0.02, 0]]));
        Assert.Null(RunSpeed.InRun(speeds, [[0.02, 0.01]]));
    }

    [Fact]
    public void Timelines_that_do_not_line_up_or_no_server_seconds_give_no_speed()
    {
        double?[][] speeds = [[2_000_000, 2_000_000]];

        Assert.Null(RunSpeed.InRun(speeds, [[0.01, 0.01], [0.01, 0.01]]));
        Assert.Null(RunSpeed.InRun(speeds, [[0.01]]));
        Assert.Null(RunSpeed.InRun(speeds, [[0, 0]]));
        Assert.Null(RunSpeed.InRun([], []));
    }

    [Fact]
    public void A_cpus_speed_in_a_second_is_the_mean_of_its_samples_there_else_the_nearest()
    {
        SpeedSample[] samples =
        [
            new(0.2, 0, 2_000_000), new(0.7, 0, 2_200_000), new(0.5, 1, 1_000_000),
            new(2.9, 0, 1_500_000),
        ];

        double?[][] speeds = RunSpeed.PerInterval(samples, [0, 1, 2, 3], cpus: 3);

        Assert.Equal(new double?[] { 2_100_000, 1_000_000, null }, speeds[0]);
        // No sample of CPU 0 in (1, 2]: the one at 0.7 s is nearer its middle than the one at 2.9 s.
        Assert.Equal(new double?[] { 2_200_000, 1_000_000, null }, speeds[1]);
        Assert.Equal(new double?[] { 1_500_000, 1_000_000, null }, speeds[2]);
    }

    [Fact]
    public void A_cpu_that_slowed_for_a_window_swings_by_its_drop()
    {
        // CPU 1 at 2.4 M, then 1.44 M (40 % slower) from 5 to 10 s; CPU 0 steady with a stray slow slice.
        var samples = new List<SpeedSample>();
        for (int s = 0; s < 15; s++)
        {
            samples.Add(new(s + 0.25, 0, s == 7 ? 1_000_000 : 2_400_000));
            samples.Add(new(s + 0.75, 1, s is >= 5 and < 10 ? 1_440_000 : 2_400_000));
        }

        Assert.Equal(0.4, RunSpeed.Swing(samples), 6);
        Assert.Equal(0, RunSpeed.Swing(samples.Where(x => x.Cpu == 0).ToList()));
    }

    [Fact]
    public void Windows_hold_a_number_of_slices_whatever_the_samplers_pace()
    {
        // One slice of CPU 0 every 2 s (1 s period, 2 CPUs): 40 % slower from 20 s on. Five-second windows would hold
        // two or three slices; windows of five slices see the drop.
        List<SpeedSample> samples = [.. Enumerable.Range(0, 20)
            .Select(i => new SpeedSample((2 * i) + 0.5, 0, i < 10 ? 2_400_000 : 1_440_000))];

        Assert.Equal(0.4, RunSpeed.Swing(samples), 6);
        Assert.Equal(RunSpeed.SwingWindowSlices, CpuSpeedSummary.Of(0, samples).WindowSlices);
    }

    [Fact]
    public void Windows_with_too_few_samples_and_samples_before_the_run_do_not_count()
    {
        SpeedSample[] samples =
        [
            new(-1, 0, 500_000), new(0.5, 0, 2_000_000), new(1.5, 0, 2_000_000), new(2.5, 0, 2_000_000),
            new(3.5, 0, 2_000_000), new(4.5, 0, 2_000_000), new(5.5, 0, 1_000_000), new(6.5, 0, 1_000_000),
        ];

        Assert.Equal(0, RunSpeed.Swing(samples));
    }

    [Fact]
    public void A_sampler_line_is_placed_on_the_runs_clock()
    {
        long started = 5 * System.Diagnostics.Stopwatch.Frequency;
        string line = SpeedSample.Line(started + (System.Diagnostics.Stopwatch.Frequency / 2), 1, 2_345_678.25);

        SpeedSample sample = SpeedSample.Parse(line, started)!;

        Assert.Equal(new SpeedSample(0.5, 1, 2_345_678.3), sample with { Rate = Math.Round(sample.Rate, 1) });
        Assert.Null(SpeedSample.Parse("ready", started));
        Assert.Null(SpeedSample.Parse("12 0 -5", started));
        Assert.Null(SpeedSample.Parse("12 x 5", started));
    }
}
