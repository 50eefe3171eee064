namespace FanoutSim.Cli.Calibration;

/// <summary>
/// How far a run's measured speed moves its prediction (`calibrate --speed-exponent E`, with the measured-speed rules
/// probes, in-run and machine): the run is predicted at the profile's speed index x (the index the rule picked / the
/// profile's)^E. 1 (the default) is the picked index itself, bit for bit; 0 puts every run at the profile's speed, as
/// `--speed-rule none` does; in between a measured speed step moves the prediction less than one for one (issue 17:
/// the Python replica's delivery ratio followed the probes' index only about 0.7 as much as the model's prediction
/// did). A stated speed (a k6 deployment's machine_speed) was given, not measured, and is kept as it is.
/// </summary>
/// <param name="ProfileSpeedIndex">the profile's speed_index, positive</param>
/// <param name="Exponent">E, zero or more</param>
public readonly record struct SpeedExponent(double ProfileSpeedIndex, double Exponent)
{
    /// <summary>The option that sets <see cref="Exponent"/>; its grammar is <see cref="Parse"/>.</summary>
    public const string Option = "--speed-exponent";

    /// <summary>The speed index a run whose rule picked <paramref name="measured"/> is predicted at.</summary>
    public double IndexOf(double measured) => Exponent == 1
        ? measured
        : ProfileSpeedIndex * Math.Pow(measured / ProfileSpeedIndex, Exponent);

    /// <summary>
    /// The exponent <paramref name="text"/> (the value of <see cref="Option"/>) stands for: a finite number, zero or
    /// more, in the reference exponent's grammar (<see cref="SpeedReferences.ParseExponent(string, out string)"/>);
    /// null (why: <paramref name="error"/>) for anything else.
    /// </summary>
    public static double? Parse(string text, out string error) => SpeedReferences.ParseExponent(text, Option,
        zeroAllowed: true, "each run at the profile's speed x (its measured speed / the profile's)^E; 1, the default, "
        + "scales one for one; 0 predicts every run at the profile's speed", out error);
}
