using System.Globalization;
using System.Text;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Files;

/// <summary>The sweep as a compact table for the terminal; the CSV and JSON hold everything.</summary>
public static class SweepTable
{
    public static string Format(SweepFile sweep)
    {
        var keys = sweep.Vary.Select(a => a.Key).ToList();
        var header = new StringBuilder();
        header.Append(CultureInfo.InvariantCulture, $"  {"point",5}");
        foreach (string k in keys)
        {
            header.Append(CultureInfo.InvariantCulture, $"  {k,-14}");
        }
        header.Append("  ratio (95 % CI)       bound     delivered/s  bottleneck");
        var lines = new List<(string Text, string PerClass)> { (header.ToString(), "per room class") };
        foreach (SweepRow r in sweep.Points.OrderBy(p => p.Index))
        {
            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"  {r.Index,5}");
            foreach (string k in keys)
            {
                line.Append(CultureInfo.InvariantCulture, $"  {r.Values.GetValueOrDefault(k, ""),-14}");
            }
            // One replication gives no interval: print no ± rather than a misleading "± 0.00".
            string ratio = r.Replications > 1
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{r.DeliveryRatio * 100:0.00} ± {r.DeliveryRatioHalfWidth * 100:0.00} %")
                : string.Create(CultureInfo.InvariantCulture, $"{r.DeliveryRatio * 100:0.00} %");
            string bound = double.IsNaN(r.BoundRatio)
                ? "       -"
                : string.Create(CultureInfo.InvariantCulture, $"{r.BoundRatio * 100,6:0.00} %");
            line.Append(CultureInfo.InvariantCulture,
                $"  {ratio,-20}  {bound}  {r.DeliveredPerSecond,11:0}  {Bottleneck(r)}");
            lines.Add((line.ToString(), PerClass(r)));
        }
        // Several room classes: each class's ratio in a last column, in the scenario's order.
        bool classes = sweep.Points.Any(p => p.RoomClasses is { Count: > 1 });
        int width = lines.Max(l => l.Text.Length);
        var text = new StringBuilder();
        foreach ((string line, string perClass) in lines)
        {
            text.AppendLine(classes ? $"{line.PadRight(width)}  {perClass}" : line);
        }
        return text.ToString();
    }

    private static string PerClass(SweepRow r) => r.RoomClasses is { } classes
        ? string.Join(" | ", classes.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Rooms}x{(c.Sizes is null ? "" : "~")}{c.Size} {c.DeliveryRatio * 100:0.0} %")))
        : "";

    private static string Bottleneck(SweepRow r)
    {
        if (!ResourceId.TryParse(r.Bottleneck, out ResourceId id))
        {
            return r.Bottleneck;
        }
        double? utilization = id.Kind switch
        {
            ResourceKind.TaskCpu => r.MaxTaskCpu,
            ResourceKind.RedisCpu => r.RedisCpu,
            ResourceKind.RedisEgress => r.RedisEgress,
            _ => null,
        };
        return id.Kind == ResourceKind.RedisEgress && r.RedisDropShare is { } drops &&
            drops >= RedisShapingMetrics.LimitingDropShare
            ? BottleneckText.Dropping(drops)
            : BottleneckText.Of(id, utilization);
    }
}
