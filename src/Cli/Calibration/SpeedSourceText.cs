namespace FanoutSim.Cli.Calibration;

/// <summary>How `calibrate` names a <see cref="SpeedSource"/> after a count of run files.</summary>
public static class SpeedSourceText
{
    public static string Describe(this SpeedSource source) => source switch
    {
        SpeedSource.Stated => "at the speed their setup states",
        SpeedSource.InRun => "at the in-run sampler's speed where the servers ran",
        SpeedSource.InRunTrace => "at the in-run sampler's speed where the servers ran, replayed second by second",
        SpeedSource.ProbesWhereRun => "at the probes' speed where the servers ran",
        SpeedSource.ProbesMachine => "at the probes' mean over every CPU (no server placement recorded)",
        SpeedSource.Unknown => "without a speed index (measured before it was recorded: the profile's own speed)",
        SpeedSource.Ignored => "at the profile's own speed (their indexes ignored)",
        SpeedSource.Reference => "at the profile's speed x the anchor runs' speed reference for their mode and task "
            + "count / their own",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
