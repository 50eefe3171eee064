using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>
/// A session length or reconnect gap on the `load` command line: a duration (10s), or a law in one word, its
/// parameters after colons in the order a scenario's law names them: exponential:MEAN, lognormal:MEDIAN:SIGMA,
/// uniform:MIN:MAX (exponential:60s, lognormal:30s:1.2, uniform:5s:15s).
/// </summary>
public static class DurationLawText
{
    public const string Expected = "a duration such as 10s, or a law: exponential:MEAN, lognormal:MEDIAN:SIGMA or "
        + "uniform:MIN:MAX (e.g. exponential:60s)";

    /// <summary>The law, or null with <paramref name="why"/> saying what is wrong.</summary>
    public static DurationLaw? Parse(string text, out string? why)
    {
        string[] parts = text.Trim().Split(':');
        why = null;
        DurationLaw? law = parts switch
        {
            [string d] when DurationText.TryParse(d, out double seconds) => new FixedDuration(seconds),
            [RunRoomClasses.Exponential, string mean] when DurationText.TryParse(mean, out double m) =>
                new ExponentialDuration(m),
            [RunRoomClasses.LogNormal, string median, string sigma]
                when DurationText.TryParse(median, out double m) && double.TryParse(sigma,
                    System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
                    out double s) => new LogNormalDuration(m, s),
            [RunRoomClasses.Uniform, string min, string max]
                when DurationText.TryParse(min, out double lo) && DurationText.TryParse(max, out double hi) =>
                new UniformDuration(lo, hi),
            _ => null,
        };
        if (law is null)
        {
            why = $"got '{text}'; expected {Expected}";
            return null;
        }
        if (law.Problem() is { } problem)
        {
            why = $"got '{text}' ({law.Text}): {problem}";
            return null;
        }
        return law;
    }
}
