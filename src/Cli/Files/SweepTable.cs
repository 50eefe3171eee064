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
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  {"point",5}");
        foreach (string k in keys)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {k,-14}");
        }
        text.AppendLine("  ratio (95 % CI)       bound     delivered/s  bottleneck");
        foreach (SweepRow r in sweep.Points.OrderBy(p => p.Index))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {r.Index,5}");
            foreach (string k in keys)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {r.Values.GetValueOrDefault(k, ""),-14}");
            }
            // One replication gives no interval: print no ± rather than a misleading "± 0.00".
            string ratio = r.Replications > 1
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{r.DeliveryRatio * 100:0.00} ± {r.DeliveryRatioHalfWidth * 100:0.00} %")
                : string.Create(CultureInfo.InvariantCulture, $"{r.DeliveryRatio * 100:0.00} %");
            string bound = double.IsNaN(r.BoundRatio)
                ? "       -"
                : string.Create(CultureInfo.InvariantCulture, $"{r.BoundRatio * 100,6:0.00} %");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {ratio,-20}  {bound}  {r.DeliveredPerSecond,11:0}  {Bottleneck(r)}"));
        }
        return text.ToString();
    }

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
