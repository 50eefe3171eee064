using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// How much of the machine processes other than the run's own (servers, Redis, this load generator and any
/// --own-pid) took while it ran, and how much the hypervisor stole: per sampled interval and over the run.
/// </summary>
/// <param name="ForeignCores">per interval of the timeline (the same intervals as its time series)</param>
public sealed record Contamination(
    IReadOnlyList<double> ForeignCores,
    IReadOnlyList<double> StealCores,
    double ForeignCoresMean,
    double ForeignCoresMax,
    double StealFraction)
{
    // A run's servers are given 0.04-1 core; 0.1 core of other work on average is already a quarter to a tenth of
    // the capacity being measured, and a 0.5-core burst takes a quarter of this 2-core machine for a second.
    public const double MeanLimitCores = 0.1;

    public const double SecondLimitCores = 0.5;

    // 5 % of all CPU time stolen slows every process by about as much as the mean limit does on 2 cores.
    public const double StealLimit = 0.05;

    public static string Threshold => string.Create(CultureInfo.InvariantCulture,
        $"mean foreign > {MeanLimitCores} core, or any two seconds > {SecondLimitCores} core, "
        + $"or steal > {StealLimit * 100} % of CPU time");

    public bool Contaminated =>
        ForeignCoresMean > MeanLimitCores || ForeignCoresMax > SecondLimitCores || StealFraction > StealLimit;

    /// <summary>
    /// Machine busy CPU minus the own processes' CPU between consecutive samples; null when the machine's
    /// counters were not readable (not Linux) or fewer than two samples were taken.
    /// </summary>
    /// <remarks>
    /// The machine's counters (/proc/stat, charged tick by tick) and the processes' clocks are kept differently and
    /// read a moment apart, so a burst of the run's own work (a session's closes and connects) can be counted in one
    /// second by one and in the next by the other: +0.5 core "foreign" in one second, -0.5 in the next, while a
    /// once-a-second scan of every process found nothing else above 0.05 core (2026-12-01). So the mean is taken
    /// over the signed differences, and the worst second is judged over two-second windows, where that cancels.
    /// </remarks>
    public static Contamination? Measure(IReadOnlyList<LoadSample> samples)
    {
        var foreign = new List<double>();
        var steal = new List<double>();
        var signed = new List<(double Cpu, double Seconds)>();
        double foreignTotal = 0, stealTotal = 0, machineTotal = 0, seconds = 0;
        for (int i = 1; i < samples.Count; i++)
        {
            LoadSample a = samples[i - 1], b = samples[i];
            double dt = b.Seconds - a.Seconds;
            if (a.Machine is not { } ma || b.Machine is not { } mb)
            {
                return null;
            }
            if (dt <= 0)
            {
                // Kept, so the list lines up with the timeline's intervals.
                foreign.Add(0);
                steal.Add(0);
                continue;
            }
            double own = b.LoadGenCpuSeconds - a.LoadGenCpuSeconds
                + Delta(a.ServerCpuSeconds, b.ServerCpuSeconds) + Delta(a.OwnCpuSeconds, b.OwnCpuSeconds);
            double other = mb.Busy - ma.Busy - own;
            double stolen = mb.Steal - ma.Steal;
            foreign.Add(Math.Max(0, other) / dt);
            steal.Add(stolen / dt);
            signed.Add((other, dt));
            foreignTotal += other;
            stealTotal += stolen;
            machineTotal += mb.Total - ma.Total;
            seconds += dt;
        }
        if (seconds <= 0)
        {
            return null;
        }
        return new Contamination(foreign, steal, Math.Max(0, foreignTotal / seconds), WorstWindow(signed),
            machineTotal > 0 ? stealTotal / machineTotal : 0);
    }

    /// <summary>The highest foreign cores over two consecutive intervals (one, when there is only one).</summary>
    private static double WorstWindow(List<(double Cpu, double Seconds)> intervals)
    {
        if (intervals.Count == 1)
        {
            return Math.Max(0, intervals[0].Cpu / intervals[0].Seconds);
        }
        double worst = 0;
        for (int i = 1; i < intervals.Count; i++)
        {
            worst = Math.Max(worst,
                (intervals[i - 1].Cpu + intervals[i].Cpu) / (intervals[i - 1].Seconds + intervals[i].Seconds));
        }
        return worst;
    }

    /// <summary>CPU seconds the listed processes used between two readings, over those readable in both.</summary>
    private static double Delta(IReadOnlyList<double?> before, IReadOnlyList<double?> after)
    {
        double sum = 0;
        for (int i = 0; i < Math.Min(before.Count, after.Count); i++)
        {
            if (before[i] is { } x && after[i] is { } y)
            {
                sum += y - x;
            }
        }
        return sum;
    }
}
