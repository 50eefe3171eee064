using System.Globalization;
using System.Text;
using FanoutSim.Cli.Sweeps;

namespace FanoutSim.Cli.Files;

/// <summary>
/// One row per point: the varied keys first, then the resolved setup, the results and the bound; with several room
/// classes, each class's ratio and latency p95 last (class1 is the scenario's first `rooms:` item).
/// </summary>
public static class SweepCsv
{
    public static string Format(SweepFile sweep)
    {
        var text = new StringBuilder();
        var keys = sweep.Vary.Select(a => a.Key).ToList();
        var header = new List<string> { "point" };
        header.AddRange(keys.Select(k => "vary_" + k));
        header.AddRange([
            "users", "interval_s", "tasks", "task_vcpu", "subscription", "redis_node", "replications",
            "delivery_ratio", "delivery_ratio_ci95", "delivered_per_s", "delivered_per_s_ci95", "sent_per_s",
            "session_avg_s", "max_task_cpu", "redis_cpu", "redis_egress", "bottleneck",
            "bound_ratio", "bound_delivered_per_s", "bound_bottleneck",
        ]);
        int classes = sweep.Points.Max(p => p.RoomClasses?.Count ?? 0);
        for (int k = 1; k <= classes; k++)
        {
            header.AddRange([$"class{k}_ratio", $"class{k}_latency_p95_s"]);
        }
        text.AppendLine(string.Join(',', header));
        foreach (SweepRow r in sweep.Points.OrderBy(p => p.Index))
        {
            var cells = new List<string> { N(r.Index) };
            cells.AddRange(keys.Select(k => Quote(r.Values.TryGetValue(k, out string? v) ? v : "")));
            cells.AddRange([
                N(r.Users), N(r.IntervalSeconds), N(r.Tasks), N(r.TaskVcpu), Quote(r.Subscription), Quote(r.RedisNode),
                N(r.Replications), N(r.DeliveryRatio), N(r.DeliveryRatioHalfWidth), N(r.DeliveredPerSecond),
                N(r.DeliveredPerSecondHalfWidth), N(r.SentPerSecond), N(r.SessionAvgSeconds), N(r.MaxTaskCpu),
                N(r.RedisCpu), N(r.RedisEgress), Quote(r.Bottleneck), Bound(r.BoundRatio),
                Bound(r.BoundDeliveredPerSecond), Quote(r.BoundBottleneck),
            ]);
            for (int k = 0; k < classes; k++)
            {
                Model.Results.RoomClassMetrics? c = r.RoomClasses?.ElementAtOrDefault(k);
                cells.AddRange([c is null ? "" : N(c.DeliveryRatio), c?.Latency is { } l ? N(l.P95) : ""]);
            }
            text.AppendLine(string.Join(',', cells));
        }
        return text.ToString();
    }

    private static string N(double value) => Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A bound the fluid model does not have (several rooms) is left empty, as a missing value is.</summary>
    private static string Bound(double value) => double.IsNaN(value) ? "" : N(value);

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) < 0
        ? value
        : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
