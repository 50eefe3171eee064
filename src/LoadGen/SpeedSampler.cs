using System.Diagnostics;

namespace FanoutSim.LoadGen;

/// <summary>
/// The speed probe's work in slices short enough to run beside a measured run: at a <see cref="SamplerPace"/>, one
/// slice every period, on each CPU in turn (pinned there), timed in the sampling
/// thread's own CPU time so that waiting behind the run's processes does not read as a slow CPU. The probes before
/// and after a run cannot tell which vCPU was slow while it ran: on this machine the slow one changed between them in
/// 7 of 10 runs (calibration/transfer/session-d).
/// </summary>
public static class SpeedSampler
{
    /// <summary>What the sampler writes once it has warmed up, before its first sample.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// Warms up (as the probe does), writes <see cref="Ready"/>, then one <see cref="SpeedSample.Line"/> per slice
    /// until <paramref name="stop"/> is cancelled. Where the thread cannot pin itself, every slice says CPU -1.
    /// </summary>
    public static void Run(Action<string> write, SamplerPace pace, CancellationToken stop)
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
                ? CpuPinning.On(cpu, () => SpeedProbe.RunFor(state, pace.SliceSeconds))
                : SpeedProbe.RunFor(state, pace.SliceSeconds);
            // Stamped at the slice's end: a few ms after its start, against 1 s bins.
            write(SpeedSample.Line(Stopwatch.GetTimestamp(), cpu, rate));
            next += (long)(pace.Every.TotalSeconds * Stopwatch.Frequency);
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
