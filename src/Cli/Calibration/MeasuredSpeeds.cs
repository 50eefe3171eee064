using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// Every speed index a run file carries, kept side by side so `calibrate --speed-rule` can pick one (and say which)
/// without the file losing the others. Null where the file has no such index; never guessed.
/// </summary>
/// <param name="Stated">the setup's own machine speed (a k6 deployment's machine_speed, a simulated run's)</param>
/// <param name="ProbesWhereRun">the probes before and after, each CPU's weighted by the servers' seconds on it</param>
/// <param name="InRun">the in-run sampler's speed where the servers ran, second by second</param>
/// <param name="ProbesMachine">the probes before and after, mean over every CPU</param>
/// <param name="ReferenceUsPerCopy">the speed reference: the warmed, unquota'd servers' CPU-microseconds per copy under
/// one fixed light load just before the run (a cost: a slower machine reads higher)</param>
/// <param name="InRunTrace">the in-run sampler's speed where the servers ran in each second, over
/// <paramref name="InRun"/> (<see cref="RunSpeed.InRunTrace"/>); null where <paramref name="InRun"/> is</param>
public sealed record MeasuredSpeeds(double? Stated, double? ProbesWhereRun, double? InRun, double? ProbesMachine,
    double? ReferenceUsPerCopy = null, IReadOnlyList<double>? InRunTrace = null)
{
    /// <summary>A run whose only speed is the one its setup states (or none).</summary>
    public static MeasuredSpeeds StatedOnly(double? stated) => new(stated, null, null, null);

    /// <summary>
    /// The index <paramref name="rule"/> picks, and which it was. A stated speed is the run's whatever the rule (it
    /// was given, not measured); otherwise each rule falls back to the probes' where it has nothing of its own, but
    /// the reference rule, which has no index without a reference and an anchor (<see cref="SpeedSource.Unknown"/>).
    /// </summary>
    /// <param name="anchor">for the reference rule: the speed its anchor runs stand for and their mean reference
    /// (of the run's mode and task count) and the reference's exponent</param>
    public SpeedPick Pick(SpeedRule rule, ReferenceAnchor? anchor = null)
    {
        if (rule == SpeedRule.None)
        {
            return new SpeedPick(null, SpeedSource.Ignored);
        }
        if (Stated is { } stated)
        {
            return new SpeedPick(stated, SpeedSource.Stated);
        }
        if (rule == SpeedRule.Reference)
        {
            return anchor is { } a && ReferenceUsPerCopy is { } own
                ? new SpeedPick(a.IndexOf(own), SpeedSource.Reference)
                : new SpeedPick(null, SpeedSource.Unknown);
        }
        if (rule is SpeedRule.InRun or SpeedRule.InRunTrace && InRun is { } inRun)
        {
            return new SpeedPick(inRun,
                rule == SpeedRule.InRunTrace && InRunTrace is not null ? SpeedSource.InRunTrace : SpeedSource.InRun);
        }
        if (rule != SpeedRule.Machine && ProbesWhereRun is { } whereRun)
        {
            return new SpeedPick(whereRun, SpeedSource.ProbesWhereRun);
        }
        return ProbesMachine is { } machine
            ? new SpeedPick(machine, SpeedSource.ProbesMachine)
            : new SpeedPick(null, SpeedSource.Unknown);
    }
}
