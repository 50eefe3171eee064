using FanoutSim.Model.Scenario;
using System.Globalization;
using System.Text;

namespace FanoutSim.Cli.Calibration;

/// <summary>The held-out table: every run once, measured vs predicted, as markdown and CSV.</summary>
public static class ValidationTable
{
    /// <summary>The goal from issue 4, in percentage points.</summary>
    public const double GoalMeanPp = 3;

    public const double GoalMaxPp = 8;

    public sealed record Summary(int Runs, double MeanAbsErrorPp, double MaxAbsErrorPp, string WorstRun)
    {
        public bool MeetsGoal => MeanAbsErrorPp <= GoalMeanPp && MaxAbsErrorPp <= GoalMaxPp;
    }

    /// <summary>Over the held-out rows, or over every row when <paramref name="heldOutOnly"/> is false (in-sample).</summary>
    public static Summary Summarise(IReadOnlyList<ValidationRow> rows, bool heldOutOnly = true)
    {
        var held = rows.Where(r => r.HeldOut || !heldOutOnly).ToList();
        if (held.Count == 0)
        {
            return new Summary(0, double.NaN, double.NaN, "");
        }
        ValidationRow worst = held.MaxBy(r => r.AbsErrorPp)!;
        return new Summary(held.Count, held.Average(r => r.AbsErrorPp), worst.AbsErrorPp, worst.Run.Name);
    }

    public static string Markdown(IReadOnlyList<ValidationRow> rows, string title, string command)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        sb.AppendLine();
        sb.AppendLine("Made by:");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        Summary s = Summarise(rows);
        if (s.Runs > 0)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Held-out runs: {s.Runs}; mean absolute error {s.MeanAbsErrorPp:0.0} pp (goal <= {GoalMeanPp}); worst {s.MaxAbsErrorPp:0.0} pp, {s.WorstRun} (goal <= {GoalMaxPp}): goal {(s.MeetsGoal ? "met" : "NOT met")}."));
            sb.AppendLine();
        }
        sb.AppendLine("| run | N | interval s | tasks | quota cores | Redis Mbit/s | mode | fold | repeats | measured ratio | measured range | predicted ratio | abs error pp | measured delivered/s | predicted delivered/s | measured session s | predicted session s |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (ValidationRow r in Ordered(rows))
        {
            var u = r.Run.Setup;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Run.Name} | {u.Users} | {u.IntervalSeconds} | {u.Tasks} | {u.TaskVcpu} | {Bandwidth(r.Run)} | {u.Subscription.ToText()} | {(r.HeldOut ? r.Fold.ToString(CultureInfo.InvariantCulture) : "train")} | {r.Run.RepeatCount} | {r.MeasuredRatio * 100:0.0}% | {Range(r.Run)} | {r.PredictedRatio * 100:0.0}% | {r.AbsErrorPp:0.0} | {r.Run.Observed.DeliveredPerSecond:0} | {r.PredictedDeliveredPerSecond:0} | {r.Run.Observed.SessionAvgSeconds:0.00} | {r.PredictedSessionAvg:0.00} |"));
        }
        return sb.ToString();
    }

    public static string Csv(IReadOnlyList<ValidationRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("run,users,interval_s,tasks,task_vcpu,redis_egress_mbps,subscription,fold,held_out,repeats,measured_ratio,measured_ratio_min,measured_ratio_max,predicted_ratio,abs_error_pp,measured_delivered_per_s,predicted_delivered_per_s,measured_session_avg_s,predicted_session_avg_s");
        foreach (ValidationRow r in Ordered(rows))
        {
            var u = r.Run.Setup;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Run.Name},{u.Users},{u.IntervalSeconds},{u.Tasks},{u.TaskVcpu},{u.RedisEgressMbps?.ToString(CultureInfo.InvariantCulture) ?? ""},{u.Subscription.ToText()},{r.Fold},{(r.HeldOut ? "true" : "false")},{r.Run.RepeatCount},{r.MeasuredRatio:0.#####},{r.Run.RatioRange.Min:0.#####},{r.Run.RatioRange.Max:0.#####},{r.PredictedRatio:0.#####},{r.AbsErrorPp:0.###},{r.Run.Observed.DeliveredPerSecond:0.#},{r.PredictedDeliveredPerSecond:0.#},{r.Run.Observed.SessionAvgSeconds:0.###},{r.PredictedSessionAvg:0.###}"));
        }
        return sb.ToString();
    }

    /// <summary>"61.8-73.6%" over a setup's repeats; "-" for a single run.</summary>
    public static string Range(CalibrationRun run) => run.RepeatCount == 1
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{run.RatioRange.Min * 100:0.0}-{run.RatioRange.Max * 100:0.0}%");

    public static string Bandwidth(CalibrationRun run) =>
        run.Setup.RedisEgressMbps is { } mbps && run.RedisNode is null
            ? mbps.ToString(CultureInfo.InvariantCulture)
            : run.RedisNode ?? "none";

    /// <summary>Regime by regime: mode, bandwidth, tasks, quota, interval, then N.</summary>
    public static IEnumerable<ValidationRow> Ordered(IEnumerable<ValidationRow> rows) =>
        rows.OrderBy(r => r.Run.Setup.Subscription.ToText(), StringComparer.Ordinal)
            .ThenBy(r => r.Run.Setup.RedisEgressMbps ?? double.PositiveInfinity)
            .ThenBy(r => r.Run.Setup.Tasks)
            .ThenBy(r => r.Run.Setup.TaskVcpu)
            .ThenBy(r => r.Run.Setup.IntervalSeconds)
            .ThenBy(r => r.Run.Setup.Users)
            .ThenBy(r => r.Run.Name, StringComparer.Ordinal);
}
