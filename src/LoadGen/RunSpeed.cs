namespace FanoutSim.LoadGen;

/// <summary>
/// A run's machine speed from the probes made before and after it: their mean, the best guess of the speed over the
/// run. On this machine a vCPU sometimes ran at about half speed for minutes (a busy neighbour on the host) and
/// sometimes only for one probe; the two probes are kept beside it, and a gap of more than
/// <see cref="UnsteadyBeyond"/> of the higher marks the speed unsteady. With the in-run sampler
/// (<see cref="SpeedSampler"/>) the speed is instead the one each CPU had while the servers ran on it
/// (<see cref="InRun"/>).
/// </summary>
public static class RunSpeed
{
    public const double UnsteadyBeyond = 0.10;

    public static double Of(double before, double? after) => after is { } a ? (before + a) / 2 : before;

    public static bool Steady(double before, double after) =>
        Math.Abs(before - after) <= UnsteadyBeyond * Math.Max(before, after);

    /// <summary>
    /// The speed where the server ran: each CPU's index (the mean of its probes before and after) weighted by the
    /// server's CPU seconds on it; null when the per-CPU indexes and the placement do not line up or the server
    /// used no CPU.
    /// </summary>
    public static double? WhereRun(IReadOnlyList<double> cpusBefore, IReadOnlyList<double>? cpusAfter,
        IReadOnlyList<double> serverSecondsPerCpu)
    {
        if (cpusBefore.Count == 0 || cpusBefore.Count != serverSecondsPerCpu.Count
            || (cpusAfter is not null && cpusAfter.Count != cpusBefore.Count))
        {
            return null;
        }
        double weighted = 0, seconds = 0;
        for (int cpu = 0; cpu < cpusBefore.Count; cpu++)
        {
            weighted += Of(cpusBefore[cpu], cpusAfter?[cpu]) * serverSecondsPerCpu[cpu];
            seconds += serverSecondsPerCpu[cpu];
        }
        return seconds > 0 ? weighted / seconds : null;
    }

    /// <summary>
    /// A CPU's in-run speed swung when its slowest window of <see cref="SwingWindowSlices"/> slices (their median) is
    /// more than this share below its fastest, and more than the sampler's own noise explains (<see
    /// cref="CpuSpeedSummary.SwingNoise"/>). A slow vCPU of this machine runs 25-45 % below the other (1.25-1.85
    /// against 2.04-2.48 million, calibration/transfer/session-d). With 1 ms slices the windows moved 10-56 % on a
    /// quiet machine (session E): successive slices there differ by 6-23 % of the median (their noise), which alone
    /// spreads windows of 5 slices by up to 60 %.
    /// </summary>
    public const double SwingBeyond = 0.20;

    /// <summary>
    /// Slices of one CPU per window: 5 s of a 2-CPU machine sampled every 0.5 s, 10 s at every 1 s. Counted in
    /// slices, not seconds, so the windows' own noise does not change with the sampler's pace.
    /// </summary>
    public const int SwingWindowSlices = 5;

    /// <summary>A last window with fewer slices says too little to count in its CPU's swing.</summary>
    public const int SwingWindowSamples = 3;

    /// <summary>
    /// Each CPU's speed in each interval of a run's timeline, interval i running from <paramref name="times"/>[i]
    /// to [i + 1]: the mean of that CPU's samples in it; where none fell in it (a late slice, a run of many CPUs),
    /// the one nearest its middle; null for a CPU never sampled (its speed is not known, and not guessed).
    /// </summary>
    public static double?[][] PerInterval(IReadOnlyList<SpeedSample> samples, IReadOnlyList<double> times, int cpus)
    {
        double?[][] speeds = new double?[Math.Max(0, times.Count - 1)][];
        for (int i = 0; i < speeds.Length; i++)
        {
            double start = times[i], end = times[i + 1], middle = (start + end) / 2;
            speeds[i] = new double?[cpus];
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                double sum = 0, nearestGap = double.PositiveInfinity;
                int count = 0;
                double? nearest = null;
                foreach (SpeedSample s in samples)
                {
                    if (s.Cpu != cpu)
                    {
                        continue;
                    }
                    if (s.Seconds > start && s.Seconds <= end)
                    {
                        sum += s.Rate;
                        count++;
                    }
                    else if (Math.Abs(s.Seconds - middle) < nearestGap)
                    {
                        nearestGap = Math.Abs(s.Seconds - middle);
                        nearest = s.Rate;
                    }
                }
                speeds[i][cpu] = count > 0 ? sum / count : nearest;
            }
        }
        return speeds;
    }

    /// <summary>
    /// The speed the servers had over the run: each CPU's speed in each interval weighted by the servers' CPU
    /// seconds on that CPU in that interval. Null when the two do not line up (intervals, CPUs), when the servers
    /// used a CPU whose speed is unknown, or when they used no CPU.
    /// </summary>
    public static double? InRun(IReadOnlyList<IReadOnlyList<double?>> speeds,
        IReadOnlyList<IReadOnlyList<double>> serverSeconds)
    {
        if (speeds.Count == 0 || speeds.Count != serverSeconds.Count)
        {
            return null;
        }
        double weighted = 0, seconds = 0;
        for (int i = 0; i < speeds.Count; i++)
        {
            if (speeds[i].Count != serverSeconds[i].Count)
            {
                return null;
            }
            for (int cpu = 0; cpu < speeds[i].Count; cpu++)
            {
                double used = serverSeconds[i][cpu];
                if (used <= 0)
                {
                    continue;
                }
                if (speeds[i][cpu] is not { } speed)
                {
                    return null;
                }
                weighted += speed * used;
                seconds += used;
            }
        }
        return seconds > 0 ? weighted / seconds : null;
    }

    /// <summary>
    /// The servers' speed in each interval of the run (each CPU's weighted by their seconds on it, as
    /// <see cref="InRun"/> weighs the whole run) over <paramref name="mean"/>, the run's in-run index: factor i is
    /// interval i's, so a timeline of 1 s intervals from the start replays second by second. An interval where the
    /// servers used no CPU, or one whose CPU's speed is unknown, reads 1 (nothing measured, nothing guessed).
    /// </summary>
    public static double[] InRunTrace(IReadOnlyList<IReadOnlyList<double?>> speeds,
        IReadOnlyList<IReadOnlyList<double>> serverSeconds, double mean)
    {
        double[] factors = new double[Math.Min(speeds.Count, serverSeconds.Count)];
        for (int i = 0; i < factors.Length; i++)
        {
            double weighted = 0, seconds = 0;
            bool known = speeds[i].Count == serverSeconds[i].Count;
            for (int cpu = 0; known && cpu < speeds[i].Count; cpu++)
            {
                double used = serverSeconds[i][cpu];
                if (used <= 0)
                {
                    continue;
                }
                known = speeds[i][cpu] is not null;
                weighted += (speeds[i][cpu] ?? 0) * used;
                seconds += used;
            }
            factors[i] = known && seconds > 0 && weighted > 0 ? weighted / seconds / mean : 1;
        }
        return factors;
    }

    /// <summary>
    /// How far the speed moved within the run: for each CPU, its slices from the run's start in time order, in windows
    /// of <see cref="SwingWindowSlices"/> (a last one of fewer than <see cref="SwingWindowSamples"/> left out), one
    /// minus the slowest window's median over the fastest's; the most of any CPU. Zero with fewer than two windows.
    /// </summary>
    public static double Swing(IReadOnlyList<SpeedSample> samples)
    {
        double swing = 0;
        foreach (IGrouping<int, SpeedSample> cpu in samples.Where(s => s.Seconds >= 0).GroupBy(s => s.Cpu))
        {
            List<double> medians = [.. Windows(cpu).Select(w => Median([.. w.Select(s => s.Rate)]))];
            if (medians.Count >= 2)
            {
                swing = Math.Max(swing, 1 - (medians.Min() / medians.Max()));
            }
        }
        return swing;
    }

    /// <summary>One CPU's slices in time order, in the windows <see cref="Swing"/> compares.</summary>
    internal static IEnumerable<SpeedSample[]> Windows(IEnumerable<SpeedSample> cpuSamples) =>
        cpuSamples.OrderBy(s => s.Seconds).Chunk(SwingWindowSlices).Where(w => w.Length >= SwingWindowSamples);

    /// <summary>The median (sorts <paramref name="values"/> in place).</summary>
    internal static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
