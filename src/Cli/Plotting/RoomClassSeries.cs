using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Plotting;

/// <summary>
/// A sweep of a rooms scenario as lines of delivery ratio (%) per room class, and the total, against the swept key
/// (<see cref="SweepX"/>).
/// </summary>
internal static class RoomClassSeries
{
    /// <summary>The chart's data, or null when the sweep has no room classes or varies nothing.</summary>
    public static SweepLines? From(SweepFile sweep)
    {
        if (sweep.Points.Any(p => p.RoomClasses is not { Count: > 0 }) || SweepX.Pick(sweep) is not { } x)
        {
            return null;
        }
        IReadOnlyList<RoomClassMetrics> names = sweep.Points[0].RoomClasses!;
        var lines = new List<SweepLine>();
        foreach ((string group, List<SweepRow> rows) in x.Groups(sweep))
        {
            string suffix = group.Length > 0 ? $" ({group})" : "";
            double[] xs = rows.Select(x.Of).ToArray();
            lines.Add(new SweepLine("all rooms" + suffix, -1, group, xs,
                rows.Select(r => r.DeliveryRatio * 100).ToArray()));
            for (int k = 0; k < names.Count; k++)
            {
                int c = k;
                lines.Add(new SweepLine(Label(names[k]) + suffix, k, group, xs,
                    rows.Select(r => r.RoomClasses![c].DeliveryRatio * 100).ToArray()));
            }
        }
        return new SweepLines(x.Key, x.Label, x.Categories, lines);
    }

    /// <summary>"30 x 10", or "50 x (zipf 1.5, 2-100)" for spread sizes.</summary>
    public static string Label(RoomClassMetrics c) => c.Sizes is null
        ? string.Create(CultureInfo.InvariantCulture, $"{c.Rooms} x {c.Size}")
        : string.Create(CultureInfo.InvariantCulture, $"{c.Rooms} x ({c.Sizes})");
}
