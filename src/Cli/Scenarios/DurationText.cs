using System.Globalization;

namespace FanoutSim.Cli.Scenarios;

/// <summary>Parses durations as people write them in scenarios and on the command line: 1s, 500ms, 20us, 2m, 1h, 0.5.</summary>
public static class DurationText
{
    public static bool TryParse(string text, out double seconds)
    {
        text = text.Trim();
        (string suffix, double scale)[] units = [("ms", 0.001), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double number) &&
                double.IsFinite(number))
            {
                seconds = number * scale;
                return true;
            }
        }
        bool plain = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && double.IsFinite(seconds);
        return plain;
    }
}
