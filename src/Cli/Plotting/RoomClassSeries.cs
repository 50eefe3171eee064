using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Plotting;

/// <summary>One line of the per-class chart: a room class's ratio (or the total's) at each x.</summary>
/// <param name="Class">the room class, from 0 in the scenario's order; -1 for every class together</param>
/// <param name="Group">the other varied keys' values this line holds ("" when only x varies)</param>
internal sealed record RoomClassCurve(string Label, int Class, string Group, double[] X, double[] RatioPercent);

/// <summary>What the per-class chart draws, as plain numbers.</summary>
/// <param name="XKey">the swept key on x</param>
/// <param name="Categories">tick labels when x is not a number (x is then 0, 1, ...); null for a numeric x</param>
internal sealed record RoomClassChart(string XKey, string XLabel, IReadOnlyList<string>? Categories,
    IReadOnlyList<RoomClassCurve> Curves);

/// <summary>
/// A sweep of a rooms scenario as lines of delivery ratio per room class against one swept key: total users when
/// they vary, else the task count, else the first other varied key (as the one-room charts pick their x).
/// </summary>
internal static class RoomClassSeries
{
    /// <summary>The chart's data, or null when the sweep has no room classes or varies nothing.</summary>
    public static RoomClassChart? From(SweepFile sweep)
    {
        if (sweep.Points.Count == 0 || sweep.Points.Any(p => p.RoomClasses is not { Count: > 0 }))
        {
            return null;
        }
        var varied = sweep.Vary.Where(a => a.Values.Count > 1).Select(a => a.Key).ToList();
        string? xKey = varied.Contains("users") ? "users"
            : varied.Contains("tasks") ? "tasks"
            : varied.FirstOrDefault();
        if (xKey is null)
        {
            return null;
        }
        var values = sweep.Vary.First(a => a.Key == xKey).Values.ToList();
        bool numeric = values.All(v => Number(v) is not null);
        double X(SweepRow r)
        {
            string v = r.Values.GetValueOrDefault(xKey, "");
            return numeric ? Number(v)!.Value : values.IndexOf(v);
        }
        IReadOnlyList<RoomClassMetrics> names = sweep.Points[0].RoomClasses!;
        var curves = new List<RoomClassCurve>();
        foreach ((string? group, List<SweepRow>? rows) in SweepSeries.By(sweep, xKey, X))
        {
            string suffix = varied.Count > 1 ? $" ({group})" : "";
            string held = varied.Count > 1 ? group : "";
            double[] xs = rows.Select(X).ToArray();
            curves.Add(new RoomClassCurve("all rooms" + suffix, -1, held, xs,
                rows.Select(r => r.DeliveryRatio * 100).ToArray()));
            for (int k = 0; k < names.Count; k++)
            {
                int c = k;
                curves.Add(new RoomClassCurve(Label(names[k]) + suffix, k, held, xs,
                    rows.Select(r => r.RoomClasses![c].DeliveryRatio * 100).ToArray()));
            }
        }
        string xLabel = xKey switch
        {
            "users" => "users (every member of every room)",
            "tasks" => "server tasks",
            _ => xKey,
        };
        return new RoomClassChart(xKey, xLabel, numeric ? null : values, curves);
    }

    /// <summary>"30 x 10", or "50 x (zipf 1.5, 2-100)" for spread sizes.</summary>
    public static string Label(RoomClassMetrics c) => c.Sizes is null
        ? string.Create(CultureInfo.InvariantCulture, $"{c.Rooms} x {c.Size}")
        : string.Create(CultureInfo.InvariantCulture, $"{c.Rooms} x ({c.Sizes})");

    /// <summary>A number or a duration (seconds) as a sweep writes it; null otherwise.</summary>
    private static double? Number(string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
        : DurationText.TryParse(v, out double seconds) ? seconds
        : null;
}
