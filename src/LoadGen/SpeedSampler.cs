using System.Diagnostics;

namespace FanoutSim.LoadGen;

/// <summary>
/// The speed probe's work in slices short enough to run beside a measured run: every <see cref="Period"/> one
/// slice of <see cref="CpuSecondsEach"/> CPU-seconds, on each CPU in turn (pinned there), timed in the sampling
/// thread's own CPU time so that waiting behind the run's processes does not read as a slow CPU. The probes before
/// and after a run cannot tell which vCPU was slow while it ran: on this machine the slow one changed between them in
/// 7 of 10 runs (calibration/transfer/session-d).
/// </summary>
public static class SpeedSampler
{
    /// <summary>
    /// 1 ms of work (one or two of the probe's batches) every 0.5 s: each of 2 CPUs is timed once a second, as often
    /// as the servers' per-CPU seconds are read. Slices of 2 and 3 ms cost 1.1 % of a core with the process around
    /// them (pinning, the thread's clock, the line) at a load average of 30-40 (2026-12-02).
    /// </summary>
    public const double CpuSecondsEach = 0.001;

    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>What the sampler writes once it has warmed up, before its first sample.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// Warms up (as the probe does), writes <see cref="Ready"/>, then one <see cref="SpeedSample.Line"/> per slice
    /// until <paramref name="stop"/> is cancelled. Where the thread cannot pin itself, every slice says CPU -1.
    /// </summary>
    public static void Run(Action<string> write, CancellationToken stop)
    {
        using var state = new SpeedProbe.State();
        SpeedProbe.WarmUp(state);
        IReadOnlyList<int> cpus = CpuPinning.Allowed();
        write(Ready);
        long next = Stopwatch.GetTimestamp();
        for (int turn = 0; !stop.IsCancellationRequested; turn++)
        {
            int cpu = cpus.Count > 0 ? cpus[turn % cpus.Count] : -1;
            double rate = cpu >= 0
                ? CpuPinning.On(cpu, () => SpeedProbe.RunFor(state, CpuSecondsEach))
                : SpeedProbe.RunFor(state, CpuSecondsEach);
            // Stamped at the slice's end: at most a few ms after its start, against 1 s bins.
            write(SpeedSample.Line(Stopwatch.GetTimestamp(), cpu, rate));
            next += (long)(Period.TotalSeconds * Stopwatch.Frequency);
            TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                stop.WaitHandle.WaitOne(wait);
            }
            else
            {
                // Held up (a busy CPU): go on from now rather than catch up in a burst.
                next = Stopwatch.GetTimestamp();
            }
        }
    }
}
