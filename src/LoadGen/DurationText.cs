using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>Parses k6-style durations: "10" (seconds), "1.5s", "500ms", "2m".</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        string t = text.Trim().ToLowerInvariant();
        double scale = 1.0;
        if (t.EndsWith("ms", StringComparison.Ordinal))
        {
            scale = 0.001;
            t = t[..^2];
        }
        else if (t.EndsWith('s'))
        {
            t = t[..^1];
        }
        else if (t.EndsWith('m'))
        {
            scale = 60.0;
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            || double.IsNaN(number) || double.IsInfinity(number) || Math.Abs(number * scale) > 365 * 86400.0)
        {
            return false;
        }
        value = TimeSpan.FromSeconds(number * scale);
        return true;
    }
}
