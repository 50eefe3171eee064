namespace FanoutSim.LoadGen;

/// <summary>
/// A run's speed from the in-run sampler (`fanoutsim load --speed-timeline`), per interval of its timeline: each
/// CPU's speed (<paramref name="Speeds"/>, envelopes per CPU-second; null where a CPU was never sampled) and the
/// servers' CPU seconds on each CPU (<paramref name="ServerSeconds"/>, from their cpuacct groups; null per interval
/// where no group was given or readable). <paramref name="Server"/> is <see cref="RunSpeed.InRun"/> of the two.
/// </summary>
public sealed record InRunSpeed(
    IReadOnlyList<double?[]> Speeds,
    IReadOnlyList<double[]?> ServerSeconds,
    double? Server,
    double Swing,
    int Samples)
{
    /// <summary>The speed moved by more than <see cref="RunSpeed.SwingBeyond"/> within the run.</summary>
    public bool Swung => Swing > RunSpeed.SwingBeyond;

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
        return new InRunSpeed(speeds, seconds, server, RunSpeed.Swing(samples), samples.Count);
    }
}
