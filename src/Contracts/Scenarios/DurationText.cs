using System.Globalization;

namespace FanoutSim.Model.Scenarios;

/// <summary>
/// The one duration grammar, for scenario and profile files, `--set`, `--vary` and `load` options:
/// a number with us, ms, s, m or h, or a plain number of seconds (1s, 500ms, 20us, 2m, 1h, 0.5). Units are lower case.
/// </summary>
public static class DurationText
{
    // "ms" before "s": the first suffix that matches wins.
    private static readonly (string Suffix, double Scale)[] s_units =
        [("ms", 0.001), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string text, out double seconds)
    {
        text = text.Trim();
        foreach ((string? suffix, double scale) in s_units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(
                    text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                && double.IsFinite(number))
            {
                seconds = number * scale;
                return true;
            }
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
            && double.IsFinite(seconds);
    }

    /// <summary>
    /// The same grammar as a <see cref="TimeSpan"/>; false for what is no duration or too long for one.
    /// </summary>
    public static bool TryParseTimeSpan(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text is null || !TryParse(text, out double seconds) || Math.Abs(seconds) >= TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
