namespace FanoutSim.Cli.Calibration;

/// <summary>
/// What the reference speed rule measures a run against: anchor runs' mean speed reference (CPU-microseconds per
/// copy, of one mode and task count) and the speed index they stand for (the profile's).
/// </summary>
public readonly record struct ReferenceAnchor(double SpeedIndex, double UsPerCopy);
