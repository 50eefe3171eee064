using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Sweeps;

/// <summary>Flattens a point's run report and fluid bound into a <see cref="SweepRow"/>.</summary>
public static class SweepRows
{
    public static SweepRow From(SweepPoint point, RunReport report)
    {
        // Sweeps show the one-room bound only (several rooms: the column stays empty, as it always has).
        FluidEstimate? bound = point.Scenario.Workload.SeveralRooms ? null : FluidBound.Of(point.Scenario);
        RunMetrics m = report.Metrics;
        // A sharded Redis: its busiest shard.
        double Usage(ResourceKind kind) => report.Resources.Where(r => r.Id.Kind == kind).Select(r => r.Utilization)
            .DefaultIfEmpty(0).Max();
        double maxTask = report.Resources.Where(r => r.Id.IsTaskCpu)
            .Select(r => r.Utilization).DefaultIfEmpty(0).Max();
        RunSetup s = report.Setup;
        List<double> ratios = report.Replications.Count > 0
            ? report.Replications.Select(r => r.DeliveryRatio).ToList()
            : [m.DeliveryRatio];
        return new SweepRow(point.Index, point.Values, s.Users, s.IntervalSeconds, s.Tasks, s.TaskVcpu,
            s.Subscription.ToText(), s.RedisNode ?? "", ratios.Count, m.DeliveryRatio,
            report.Confidence?.DeliveryRatioHalfWidth ?? 0, m.DeliveredPerSecond,
            report.Confidence?.DeliveredPerSecondHalfWidth ?? 0, m.SentPerSecond, m.WsSessionDuration.Avg, maxTask,
            Usage(ResourceKind.RedisCpu), Usage(ResourceKind.RedisEgress),
            report.Bottleneck.ToString(), bound?.MaxRatio ?? double.NaN, bound?.MaxDeliveredPerSecond ?? double.NaN,
            bound?.Bottleneck.ToString() ?? "",
            ratios)
        {
            RedisDropShare = report.RedisShaping?.DropShare,
            RoomClasses = report.RoomClasses,
        };
    }
}
