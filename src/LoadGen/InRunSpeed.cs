namespace FanoutSim.LoadGen;

/// <summary>
/// A run's speed from the in-run sampler (`fanoutsim load --speed-timeline`), per interval of its timeline: each
/// CPU's speed (<paramref name="Speeds"/>, envelopes per CPU-second; null where a CPU was never sampled) and the
/// servers' CPU seconds on each CPU (<paramref name="ServerSeconds"/>, from their cpuacct groups; null per interval
/// where no group was given or readable). <paramref name="Server"/> is <see cref="RunSpeed.InRun"/> of the two;
/// <paramref name="Cpus"/> sums up each sampled CPU's slices (median, spread, the sampler's noise, swing).
/// </summary>
public sealed record InRunSpeed(
    IReadOnlyList<double?[]> Speeds,
    IReadOnlyList<double[]?> ServerSeconds,
    double? Server,
    IReadOnlyList<CpuSpeedSummary> Cpus,
    int Samples)
{
    /// <summary>How far the speed moved within the run: the most of any CPU (<see cref="RunSpeed.Swing"/>).</summary>
    public double Swing => Cpus.Count > 0 ? Cpus.Max(c => c.Swing) : 0;

    /// <summary>What the sampler's noise alone would swing: the most of any CPU.</summary>
    public double SwingNoise => Cpus.Count > 0 ? Cpus.Max(c => c.SwingNoise) : double.PositiveInfinity;

    /// <summary>A CPU's speed moved beyond <see cref="RunSpeed.SwingBeyond"/> and beyond its noise within the run.
    /// </summary>
    public bool Swung => Cpus.Any(c => c.Swung);

    /// <summary>The timeline is too noisy to trust: a CPU's slices scatter more than the changes it is meant to see.
    /// </summary>
    public bool Noisy => Cpus.Count == 0 || Cpus.Any(c => c.Noisy);

    /// <summary>The in-run speed of a sampled run; null when the sampler did not run or the run was not sampled.
    /// </summary>
    public static InRunSpeed? Of(LoadResult r)
    {
        var samples = r.SpeedSamples.Where(s => s.Cpu >= 0).ToList();
        if (samples.Count == 0 || r.Timeline.Count < 2)
        {
            return null;
        }
        int cpus = r.Timeline[0].ServerCpuacct.FirstOrDefault(g => g is not null)?.Length
            ?? samples.Max(s => s.Cpu) + 1;
        double?[][] speeds = RunSpeed.PerInterval(samples, r.Timeline.Select(s => s.Seconds).ToList(), cpus);
        var seconds = new List<double[]?>();
        for (int i = 1; i < r.Timeline.Count; i++)
        {
            seconds.Add(r.Timeline[i - 1].ServerCpuacct.Count == 0 ? null
                : CpuPlacement.SecondsBetween(r.Timeline[i - 1].ServerCpuacct, r.Timeline[i].ServerCpuacct));
        }
        double? server = seconds.All(s => s is not null)
            ? RunSpeed.InRun(speeds, seconds.Select(s => (IReadOnlyList<double>)s!).ToList())
            : null;
        List<CpuSpeedSummary> summaries = [.. samples.Select(s => s.Cpu).Distinct().Order()
            .Select(cpu => CpuSpeedSummary.Of(cpu, samples)).Where(c => c.Slices > 0)];
        return new InRunSpeed(speeds, seconds, server, summaries, samples.Count);
    }
}
