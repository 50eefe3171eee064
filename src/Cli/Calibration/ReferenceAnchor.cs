namespace FanoutSim.Cli.Calibration;

/// <summary>
/// What the reference speed rule measures a run against: anchor runs' mean speed reference (CPU-microseconds per
/// copy, of one mode and task count), the speed index they stand for (the profile's) and how far a run's speed moves
/// with its reference (<see cref="SpeedReferences.Exponent"/>).
/// </summary>
public readonly record struct ReferenceAnchor(double SpeedIndex, double UsPerCopy, double Exponent = 1)
{
    /// <summary>
    /// The speed index of a run whose reference is <paramref name="ownUsPerCopy"/>: the anchors' index x (anchor
    /// reference / the run's)^<see cref="Exponent"/> (exponent 1: one for one, as the rule was before the exponent).
    /// </summary>
    public double IndexOf(double ownUsPerCopy) => Exponent == 1
        ? SpeedIndex * UsPerCopy / ownUsPerCopy
        : SpeedIndex * Math.Pow(UsPerCopy / ownUsPerCopy, Exponent);
}
