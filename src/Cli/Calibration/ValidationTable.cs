using System.Globalization;
using System.Text;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// The held-out table: every run once, measured vs predicted, as markdown and CSV. Rows come from the model's
/// study by case name; the runs they name supply the setup columns and the spread of repeats.
/// </summary>
public static class ValidationTable
{
    /// <param name="warning">a line for the head, before the summary (calibrate's host-kind warning); none when null
    /// </param>
    public static string Markdown(IReadOnlyList<ValidationRow> rows, IReadOnlyList<CalibrationRun> runs, string title,
        string command, string? warning = null)
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
        if (warning is not null)
        {
            sb.AppendLine("**Warning:** " + warning + ".");
            sb.AppendLine();
        }
        var s = ValidationSummary.Of(rows);
        if (s.Runs > 0 && rows.All(r => r.Fold < 0))
        {
            // No fit made these rows, so none is held out: say what they are, not "Held-out".
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Predicted runs (no fit, none held out): {s.Runs}; mean absolute error {s.MeanAbsErrorPp:0.0} pp; " +
                $"worst {s.MaxAbsErrorPp:0.0} pp, {s.WorstRun}."));
            sb.AppendLine();
        }
        else if (s.Runs > 0)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Held-out runs: {s.Runs}; mean absolute error {s.MeanAbsErrorPp:0.0} pp (goal <= " +
                $"{ValidationSummary.GoalMeanPp}); worst {s.MaxAbsErrorPp:0.0} pp, {s.WorstRun} (goal <= " +
                $"{ValidationSummary.GoalMaxPp}): goal {(s.MeetsGoal ? "met" : "NOT met")}."));
            sb.AppendLine();
        }
        sb.AppendLine("| run | N | interval s | tasks | quota cores | Redis Mbit/s | mode | fold | repeats | " +
            "measured ratio | measured range | predicted ratio | abs error pp | measured delivered/s | predicted " +
            "delivered/s | measured session s | predicted session s |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach ((ValidationRow r, CalibrationRun run) in Joined(rows, runs))
        {
            RunSetup u = run.Setup;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | {u.Users} | {u.IntervalSeconds} | {u.Tasks} | {u.TaskVcpu} | {Bandwidth(run)} | " +
                $"{u.Subscription.ToText()} | " +
                $"{FoldText(r)} | {run.RepeatCount} | " +
                $"{r.MeasuredRatio * 100:0.0}% | {Range(run)} | {r.PredictedRatio * 100:0.0}% | {r.AbsErrorPp:0.0} | " +
                $"{r.Observed.DeliveredPerSecond:0} | {r.PredictedDeliveredPerSecond:0} | " +
                $"{r.Observed.SessionAvgSeconds:0.00} | {r.PredictedSessionAvg:0.00} |"));
        }
        ConnectTimes(sb, rows, runs);
        return sb.ToString();
    }

    public static string Csv(IReadOnlyList<ValidationRow> rows, IReadOnlyList<CalibrationRun> runs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("run,users,interval_s,tasks,task_vcpu,redis_egress_mbps,subscription,fold,held_out,repeats,meas" +
            "ured_ratio,measured_ratio_min,measured_ratio_max,predicted_ratio,abs_error_pp,measured_delivered_per_s,p" +
            "redicted_delivered_per_s,measured_session_avg_s,predicted_session_avg_s");
        foreach ((ValidationRow r, CalibrationRun run) in Joined(rows, runs))
        {
            RunSetup u = run.Setup;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name},{u.Users},{u.IntervalSeconds},{u.Tasks},{u.TaskVcpu}," +
                $"{u.RedisEgressMbps?.ToString(CultureInfo.InvariantCulture) ?? ""},{u.Subscription.ToText()}," +
                $"{(r.Fold < 0 ? "none" : r.Fold)},{(r.HeldOut && r.Fold >= 0 ? "true" : "false")}," +
                $"{run.RepeatCount},{r.MeasuredRatio:0.#####}," +
                $"{run.RatioRange.Min:0.#####},{run.RatioRange.Max:0.#####},{r.PredictedRatio:0.#####}," +
                $"{r.AbsErrorPp:0.###},{r.Observed.DeliveredPerSecond:0.#},{r.PredictedDeliveredPerSecond:0.#}," +
                $"{r.Observed.SessionAvgSeconds:0.###},{r.PredictedSessionAvg:0.###}"));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Measured vs modelled connect times (ws_connecting: dial to open) and close times (ws_closing: close call to
    /// closed, or to the close timeout), in ms, for the runs that recorded them; nothing when none did (older runs).
    /// </summary>
    private static void ConnectTimes(StringBuilder sb, IReadOnlyList<ValidationRow> rows,
        IReadOnlyList<CalibrationRun> runs)
    {
        var recorded = Joined(rows, runs).Where(j => j.Row.Observed.Connecting is not null).ToList();
        if (recorded.Count == 0)
        {
            return;
        }
        static string Ms(double? seconds) => seconds is { } s
            ? (s * 1000).ToString("0.#", CultureInfo.InvariantCulture)
            : "-";
        sb.AppendLine();
        sb.AppendLine("Connect (ws_connecting, dial to open) and close (ws_closing, close call to closed or the " +
            "close timeout) times, ms, measured vs predicted:");
        sb.AppendLine();
        sb.AppendLine("| run | connect avg | predicted | connect p95 | predicted | connect max | predicted | " +
            "close avg | predicted | close p95 | predicted |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach ((ValidationRow r, CalibrationRun run) in recorded)
        {
            DurationSummary c = r.Observed.Connecting!;
            DurationSummary? pc = r.PredictedConnecting;
            DurationSummary? k = r.Observed.Closing;
            DurationSummary? pk = r.PredictedClosing;
            sb.AppendLine($"| {run.Name} | {Ms(c.Avg)} | {Ms(pc?.Avg)} | {Ms(c.P95)} | {Ms(pc?.P95)} | " +
                $"{Ms(c.Max)} | {Ms(pc?.Max)} | {Ms(k?.Avg)} | {Ms(pk?.Avg)} | {Ms(k?.P95)} | {Ms(pk?.P95)} |");
        }
    }

    /// <summary>The fold that did not see the run; "train" if every fit saw it; "none" if no fit was made.</summary>
    private static string FoldText(ValidationRow r) =>
        !r.HeldOut ? "train" : r.Fold < 0 ? "none" : r.Fold.ToString(CultureInfo.InvariantCulture);

    /// <summary>"61.8-73.6%" over a setup's repeats; "-" for a single run.</summary>
    public static string Range(CalibrationRun run) => run.RepeatCount == 1
        ? "-"
        : string.Create(CultureInfo.InvariantCulture,
            $"{run.RatioRange.Min * 100:0.0}-{run.RatioRange.Max * 100:0.0}%");

    public static string Bandwidth(CalibrationRun run) =>
        run.Setup.RedisEgressMbps is { } mbps && run.RedisNode is null
            ? mbps.ToString(CultureInfo.InvariantCulture)
            : run.RedisNode ?? "none";

    /// <summary>Regime by regime: mode, bandwidth, tasks, quota, interval, then N.</summary>
    public static IEnumerable<ValidationRow> Ordered(IReadOnlyList<ValidationRow> rows,
        IReadOnlyList<CalibrationRun> runs) =>
        Joined(rows, runs).Select(j => j.Row);

    /// <summary>Each row with the run it predicts, in <see cref="Ordered"/> order.</summary>
    public static IEnumerable<(ValidationRow Row, CalibrationRun Run)> Joined(IReadOnlyList<ValidationRow> rows,
        IReadOnlyList<CalibrationRun> runs)
    {
        var byName = runs.ToDictionary(r => r.Name, StringComparer.Ordinal);
        return rows.Select(r => (Row: r, Run: byName[r.Case]))
            .OrderBy(j => j.Run.Setup.Subscription.ToText(), StringComparer.Ordinal)
            .ThenBy(j => j.Run.Setup.RedisEgressMbps ?? double.PositiveInfinity)
            .ThenBy(j => j.Run.Setup.Tasks)
            .ThenBy(j => j.Run.Setup.TaskVcpu)
            .ThenBy(j => j.Run.Setup.IntervalSeconds)
            .ThenBy(j => j.Run.Setup.Users)
            .ThenBy(j => j.Run.Name, StringComparer.Ordinal);
    }
}
