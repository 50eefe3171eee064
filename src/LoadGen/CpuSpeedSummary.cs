namespace FanoutSim.LoadGen;

/// <summary>
/// One CPU's in-run slices summed up robustly: their <paramref name="Median"/> speed, their <paramref name="Spread"/>
/// (1.4826 x the median absolute deviation over the median: a standard deviation's worth, real changes included), the
/// sampler's own <paramref name="Noise"/> (the same measure of successive slices' differences over the square root of
/// 2, which a change of level that lasts moves only once), and its <paramref name="Swing"/> (<see
/// cref="RunSpeed.Swing"/>) against what that noise alone would make of windows of
/// <paramref name="WindowSlices"/> slices (<see cref="SwingNoise"/>).
/// </summary>
public sealed record CpuSpeedSummary(
    int Cpu,
    int Slices,
    double Median,
    double Spread,
    double Noise,
    double Swing,
    double WindowSlices)
{
    /// <summary>
    /// How many standard errors of a window's median pure noise may spread the windows: the range of 6-12 normal draws
    /// exceeds 4.0-4.6 of their standard deviations in 5 % of runs.
    /// </summary>
    public const double SwingNoiseBands = 4.5;

    /// <summary>
    /// The swing this CPU's windows show from the sampler's noise alone: <see cref="SwingNoiseBands"/> standard errors
    /// of a window's median (1.2533 x the noise over the root of the slices in it); infinite with fewer than two.
    /// </summary>
    public double SwingNoise => WindowSlices >= 2
        ? SwingNoiseBands * 1.2533 * Noise / Math.Sqrt(WindowSlices)
        : double.PositiveInfinity;

    /// <summary>The speed moved more than a vCPU's changes matter (<see cref="RunSpeed.SwingBeyond"/>) and more than
    /// its noise explains.</summary>
    public bool Swung => Swing > Math.Max(RunSpeed.SwingBeyond, SwingNoise);

    /// <summary>The sampler's noise alone would swing this CPU beyond <see cref="RunSpeed.SwingBeyond"/>: its timeline
    /// cannot tell a slow vCPU from its own scatter.</summary>
    public bool Noisy => SwingNoise > RunSpeed.SwingBeyond;

    /// <summary>The summary of one CPU's slices (any order; those before the run's start are left out).</summary>
    public static CpuSpeedSummary Of(int cpu, IEnumerable<SpeedSample> samples)
    {
        List<SpeedSample> inRun = [.. samples.Where(s => s.Cpu == cpu && s.Seconds >= 0).OrderBy(s => s.Seconds)];
        List<double> rates = [.. inRun.Select(s => s.Rate)];
        double median = rates.Count > 0 ? RunSpeed.Median([.. rates]) : 0;
        if (rates.Count < 2 || median <= 0)
        {
            return new CpuSpeedSummary(cpu, rates.Count, median, 0, 0, 0, 0);
        }
        double spread = 1.4826 * RunSpeed.Median([.. rates.Select(r => Math.Abs(r - median))]) / median;
        double noise = 1.4826 * RunSpeed.Median([.. rates.Zip(rates.Skip(1), (a, b) => Math.Abs(b - a))])
            / Math.Sqrt(2) / median;
        List<double> windows = [.. RunSpeed.Windows(inRun).Select(w => (double)w.Length)];
        double perWindow = windows.Count > 0 ? RunSpeed.Median(windows) : 0;
        return new CpuSpeedSummary(cpu, rates.Count, median, spread, noise, RunSpeed.Swing(inRun), perWindow);
    }
}
