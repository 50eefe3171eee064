namespace FanoutSim.LoadGen;

/// <summary>
/// A run's machine speed from the probes made before and after it: their mean, the best guess of the speed over the
/// run. On this machine a vCPU sometimes ran at about half speed for minutes (a busy neighbour on the host) and
/// sometimes only for one probe; the two probes are kept beside it, and a gap of more than
/// <see cref="UnsteadyBeyond"/> of the higher marks the speed unsteady.
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
}
