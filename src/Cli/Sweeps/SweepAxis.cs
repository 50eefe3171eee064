using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Sweeps;

/// <summary>One `--vary` option: a scenario key and the values it takes, in order.</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values)
{
    /// <summary>A sweep larger than this is almost certainly a typo (a step of 1 instead of 10).</summary>
    public const int MaxValues = 100_000;

    private static readonly string[] s_fixedKeys = ["name", "description", "replications", "catalog", "profile"];

    /// <summary>
    /// Parses `key=lo..hi[:step]` (numbers or durations such as 0.5s..2s:0.5s; the step defaults to 1)
    /// or `key=a,b,c` (any values the scenario key accepts).
    /// </summary>
    public static SweepAxis Parse(string spec)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
        {
            throw new UsageException($"--vary expects key=lo..hi[:step] or key=a,b,c, got '{spec}'");
        }
        string key = spec[..eq].Trim();
        string values = spec[(eq + 1)..].Trim();
        if (!ScenarioFile.Keys.Contains(key))
        {
            throw new UsageException($"--vary: unknown scenario key '{key}'; known keys: " +
                $"{string.Join(", ", ScenarioFile.Keys.Except(s_fixedKeys))}");
        }
        if (s_fixedKeys.Contains(key))
        {
            throw new UsageException($"--vary: '{key}' cannot be varied (it names the run rather than the system)");
        }
        return new SweepAxis(key,
            values.Contains("..", StringComparison.Ordinal) ? Range(key, values) : List(key, values));
    }

    private static List<string> List(string key, string values)
    {
        List<string> items = values.Split(',', StringSplitOptions.TrimEntries).ToList();
        if (items.Any(v => v.Length == 0))
        {
            throw new UsageException($"--vary {key}: empty value in list '{values}'");
        }
        if (items.Distinct(StringComparer.Ordinal).Count() != items.Count)
        {
            throw new UsageException($"--vary {key}: repeated value in list '{values}'");
        }
        return items;
    }

    private static List<string> Range(string key, string text)
    {
        string[] parts = text.Split("..", 2);
        string[] hiStep = parts[1].Split(':', 2);
        double lo = Number(key, parts[0], "start");
        double hi = Number(key, hiStep[0], "end");
        double step = hiStep.Length == 2 ? Number(key, hiStep[1], "step") : 1;
        if (step <= 0)
        {
            throw new UsageException($"--vary {key}: the step must be positive, got '{hiStep[1]}'");
        }
        if (hi < lo)
        {
            throw new UsageException($"--vary {key}: the range {text} is empty (end {hiStep[0]} is below start " +
                $"{parts[0]})");
        }
        double count = Math.Floor((hi - lo) / step + 1e-9) + 1;
        if (count > MaxValues)
        {
            throw new UsageException($"--vary {key}: {text} has {count:0} values, more than {MaxValues}");
        }
        var values = new List<string>((int)count);
        for (int i = 0; i < count; i++)
        {
            // Multiply rather than accumulate so 0.1 steps do not drift.
            double v = Math.Round(lo + i * step, 9);
            values.Add(v.ToString("R", CultureInfo.InvariantCulture));
        }
        return values;
    }

    private static double Number(string key, string text, string what)
    {
        if (!DurationText.TryParse(text, out double value))
        {
            throw new UsageException($"--vary {key}: the range {what} '{text}' is not a number");
        }
        return value;
    }
}
