namespace FanoutSim.Cli.Calibration;

/// <summary>Where a run's speed index came from, as `calibrate` counts and names it on stderr.</summary>
public enum SpeedSource
{
    Stated,
    InRun,
    ProbesWhereRun,
    ProbesMachine,
    Unknown,
    Ignored,
    Reference,
    InRunTrace,
}
