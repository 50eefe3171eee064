namespace FanoutSim.LoadGen.Tests;

/// <summary>
/// A CPU's slices summed up robustly, and its swing judged against the sampler's own noise: scatter from slice to
/// slice is not a change of speed, a change of level that lasts is.
/// </summary>
public class CpuSpeedSummaryTests
{
    /// <summary>One slice a second for 30 s, every other one 30 % above and below 2 M (no change of level).</summary>
    private static List<SpeedSample> Scattered() =>
        [.. Enumerable.Range(0, 30).Select(s => new SpeedSample(s + 0.5, 0, s % 2 == 0 ? 2_600_000 : 1_400_000))];

    [Fact]
    public void The_median_spread_and_noise_are_robust_figures_of_the_slices()
    {
        List<SpeedSample> samples = [.. Enumerable.Range(0, 9).Select(s => new SpeedSample(s, 0, 2_000_000))];
        samples.Add(new SpeedSample(9, 0, 200_000));

        var c = CpuSpeedSummary.Of(0, samples);

        Assert.Equal(10, c.Slices);
        Assert.Equal(2_000_000, c.Median);
        // One stray slice in ten moves neither the spread nor the noise.
        Assert.Equal(0, c.Spread);
        Assert.Equal(0, c.Noise);
    }

    [Fact]
    public void Scatter_from_slice_to_slice_is_noise_and_flags_the_timeline_noisy_not_swung()
    {
        // 6 windows of 5 slices whose medians differ by 46 %: more than SwingBeyond, all of it the sampler's noise.
        List<SpeedSample> samples = Scattered();

        var c = CpuSpeedSummary.Of(0, samples);

        Assert.True(c.Swing > RunSpeed.SwingBeyond, $"swing {c.Swing}");
        Assert.Equal(1.4826 * 1_200_000 / Math.Sqrt(2) / 2_000_000, c.Noise, 6);
        Assert.True(c.SwingNoise > c.Swing, $"noise band {c.SwingNoise}, swing {c.Swing}");
        Assert.False(c.Swung);
        Assert.True(c.Noisy);
    }

    [Fact]
    public void A_lasting_drop_beyond_the_noise_is_a_swing()
    {
        // 2 % scatter, then 40 % slower for the second half of the run.
        List<SpeedSample> samples = [.. Enumerable.Range(0, 30).Select(s => new SpeedSample(s + 0.5, 0,
            (s < 15 ? 2_400_000 : 1_440_000) * (s % 2 == 0 ? 1.02 : 0.98)))];

        var c = CpuSpeedSummary.Of(0, samples);

        Assert.InRange(c.Swing, 0.38, 0.45);
        Assert.True(c.SwingNoise < RunSpeed.SwingBeyond, $"noise band {c.SwingNoise}");
        Assert.True(c.Swung);
        Assert.False(c.Noisy);
    }

    [Fact]
    public void Without_enough_slices_the_noise_is_unknown_and_the_timeline_untrusted()
    {
        var c = CpuSpeedSummary.Of(0, [new SpeedSample(0.5, 0, 2_000_000), new SpeedSample(9, 1, 1)]);

        Assert.Equal(1, c.Slices);
        Assert.True(c.Noisy);
        Assert.False(c.Swung);
    }

    [Fact]
    public void A_run_whose_slices_scatter_is_reported_noisy_with_its_per_cpu_figures()
    {
        var inRun = new InRunSpeed([], [], null, [CpuSpeedSummary.Of(0, Scattered())], 30);

        Assert.True(inRun.Noisy);
        Assert.False(inRun.Swung);
        Assert.Equal(inRun.Cpus[0].SwingNoise, inRun.SwingNoise);
    }
}
