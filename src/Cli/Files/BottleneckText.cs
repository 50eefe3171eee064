using System.Globalization;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Files;

/// <summary>
/// The printed bottleneck: the busiest resource is named as the bottleneck only when it is busy enough to limit;
/// otherwise "none (busiest: X at 8.5 %)". Reports keep the busiest resource in their "bottleneck" field.
/// </summary>
public static class BottleneckText
{
    /// <summary>Utilisation from which the busiest resource is said to limit the run.</summary>
    public const double LimitingUtilization = 0.8;

    /// <summary>Redis egress named by the share of copies its shaper dropped.</summary>
    public static string Dropping(double dropShare) =>
        $"{ResourceId.RedisEgress} (shaper drops " +
        $"{(dropShare * 100).ToString("0.0", CultureInfo.InvariantCulture)} % of copies: allowance exceeded)";

    public static string Of(ResourceId busiest, double? utilization)
    {
        if (busiest.Kind is ResourceKind.None or ResourceKind.Unknown || utilization is not { } u
            || double.IsNaN(u) || u >= LimitingUtilization)
        {
            return busiest.ToString();
        }
        return string.Create(CultureInfo.InvariantCulture, $"none (busiest: {busiest} at {u * 100:0.0} %)");
    }

    /// <summary>
    /// A shaped Redis egress that drops copies is the bottleneck however idle it is on average; it is said with its
    /// drop share.
    /// </summary>
    public static string Of(RunReport report)
    {
        if (report.Bottleneck == ResourceId.RedisEgress && report.RedisShaping is { LimitsRun: true } shaping)
        {
            return Dropping(shaping.DropShare);
        }
        if (report.Bottleneck.Kind == ResourceKind.TaskMemory && report.TaskMemory is { } memory)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{report.Bottleneck} (peak {memory.PeakGb:0.###} GB > {memory.TaskMemoryGb:0.###} GB: out of memory)");
        }
        return Of(report.Bottleneck, report.Resources.FirstOrDefault(r => r.Id == report.Bottleneck)?.Utilization);
    }
}
