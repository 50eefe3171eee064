using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// The swept key a line chart puts on x: total users when they vary, else the task count, else the first other varied
/// key (as the one-room charts pick theirs). A key whose values are not all numbers or durations is a category.
/// </summary>
internal sealed class SweepX
{
    private readonly List<string> _values;

    private SweepX(string key, List<string> values, bool numeric, bool grouped)
    {
        Key = key;
        _values = values;
        Categories = numeric ? null : values;
        Grouped = grouped;
    }

    public string Key { get; }

    public string Label => Key switch
    {
        "users" => "users (every member of every room)",
        "tasks" => "server tasks",
        _ => Key,
    };

    /// <summary>Tick labels when x is not a number (x is then 0, 1, ...); null for a numeric x.</summary>
    public IReadOnlyList<string>? Categories { get; }

    /// <summary>Another key varies too, so every line holds one of its values.</summary>
    public bool Grouped { get; }

    /// <summary>The key on x, or null when the sweep varies nothing over two or more values.</summary>
    public static SweepX? Pick(SweepFile sweep)
    {
        var varied = sweep.Vary.Where(a => a.Values.Count > 1).Select(a => a.Key).ToList();
        string? key = varied.Contains("users") ? "users"
            : varied.Contains("tasks") ? "tasks"
            : varied.FirstOrDefault();
        if (key is null || sweep.Points.Count == 0)
        {
            return null;
        }
        var values = sweep.Vary.First(a => a.Key == key).Values.ToList();
        return new SweepX(key, values, values.All(v => Number(v) is not null), varied.Count > 1);
    }

    public double Of(SweepRow row)
    {
        string v = row.Values.GetValueOrDefault(Key, "");
        return Categories is null ? Number(v)!.Value : _values.IndexOf(v);
    }

    /// <summary>The rows as one group per other varied setting, each in x order.</summary>
    public List<(string Group, List<SweepRow> Rows)> Groups(SweepFile sweep) =>
        SweepSeries.By(sweep, Key, Of).Select(g => (Grouped ? g.Label : "", g.Rows)).ToList();

    /// <summary>A number or a duration (seconds) as a sweep writes it; null otherwise.</summary>
    private static double? Number(string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
        : DurationText.TryParse(v, out double seconds) ? seconds
        : null;
}
