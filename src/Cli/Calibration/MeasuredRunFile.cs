using System.Globalization;
using System.Text.Json;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// Reads a RunReport JSON (`fanoutsim load --json`, `fanoutsim run --json`) as calibration data, checking
/// every field the fit relies on so a truncated or hand-edited file is rejected by name, never half used.
/// </summary>
public static class MeasuredRunFile
{
    /// <summary>Largest allowed gap between delivery_ratio and received / (sent x users).</summary>
    private const double RatioTolerance = 1e-3;

    public static CalibrationRun Read(string file, string json)
    {
        RunReport report;
        try
        {
            report = RunReportJson.Deserialize(json);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new RunFileException(file, $"not a readable run report{where}: {e.Message.Split(". Path:")[0]}");
        }
        if (report.Schema != RunReport.CurrentSchema)
        {
            throw new RunFileException(file, $"schema is '{report.Schema}', expected '{RunReport.CurrentSchema}'");
        }
        if (report.Source is not (RunReport.MeasuredSource or RunReport.SimulatedSource))
        {
            throw new RunFileException(file, $"source is '{report.Source}', expected 'measured' or 'simulated'");
        }
        RunSetup s = report.Setup ?? throw new RunFileException(file, "has no 'setup' (N, interval, tasks, ...): cannot rebuild its scenario");
        RunMetrics m = report.Metrics ?? throw new RunFileException(file, "has no 'metrics': nothing to fit to");
        Require(file, s.Users >= 1, "setup.users", s.Users, "at least 1");
        Require(file, s.IntervalSeconds > 0, "setup.interval_seconds", s.IntervalSeconds, "positive");
        Require(file, s.SessionSeconds > 0, "setup.session_seconds", s.SessionSeconds, "positive");
        Require(file, s.Sessions >= 1, "setup.sessions", s.Sessions, "at least 1");
        Require(file, s.Tasks >= 1, "setup.tasks", s.Tasks, "at least 1");
        Require(file, s.TaskVcpu > 0 && double.IsFinite(s.TaskVcpu), "setup.task_vcpu", s.TaskVcpu, "a positive CPU quota in cores");
        Require(file, s.RedisEgressMbps is null || s.RedisEgressMbps > 0, "setup.redis_egress_mbps", s.RedisEgressMbps ?? 0, "positive or null");
        if (s.Subscription is not ("per-connection" or "per-task"))
        {
            throw new RunFileException(file, $"setup.subscription is '{s.Subscription}', expected per-connection or per-task");
        }
        Require(file, m.WsMsgsSent > 0, "metrics.ws_msgs_sent", m.WsMsgsSent, "positive (did the run send anything?)");
        Require(file, m.WsMsgsReceived >= 0, "metrics.ws_msgs_received", m.WsMsgsReceived, "zero or more");
        double ratio = (double)m.WsMsgsReceived / ((double)m.WsMsgsSent * s.Users);
        Require(file, double.IsFinite(m.DeliveryRatio) && Math.Abs(m.DeliveryRatio - ratio) <= RatioTolerance, "metrics.delivery_ratio", m.DeliveryRatio,
            $"ws_msgs_received / (ws_msgs_sent x users) = {ratio.ToString("0.####", CultureInfo.InvariantCulture)}");
        Require(file, double.IsFinite(m.DeliveredPerSecond) && m.DeliveredPerSecond >= 0, "metrics.delivered_per_second", m.DeliveredPerSecond, "a rate, zero or more");
        DurationSummary d = m.WsSessionDuration ?? throw new RunFileException(file, "metrics.ws_session_duration is missing");
        Require(file, d.Avg > 0 && double.IsFinite(d.Avg), "metrics.ws_session_duration.avg", d.Avg, "positive seconds");
        double ramp = 0;
        var env = report.Environment ?? new Dictionary<string, string>();
        if (env.TryGetValue("ramp_seconds", out string? rampText)
            && (!double.TryParse(rampText, NumberStyles.Float, CultureInfo.InvariantCulture, out ramp) || ramp < 0))
        {
            throw new RunFileException(file, $"environment.ramp_seconds is '{rampText}', expected seconds, zero or more");
        }
        string name = string.IsNullOrWhiteSpace(s.Name) ? Path.GetFileNameWithoutExtension(file) : s.Name;
        // Measured runs name their node "local" (shaped by redis_egress_mbps or not at all); a simulated run
        // records the catalog node it used, or "shaped-..." for a plain limit.
        string? node = s.RedisNode is null or "local" || s.RedisNode.StartsWith("shaped-", StringComparison.Ordinal) ? null : s.RedisNode;
        return new CalibrationRun(name, file, s, ramp, 2, node,
            new ObservedMetrics(m.DeliveryRatio, m.DeliveredPerSecond, m.WsMsgsSent, d.Avg), m.WsMsgsSent, m.WsMsgsReceived);
    }

    private static void Require(string file, bool ok, string field, double value, string expected)
    {
        if (!ok)
        {
            throw new RunFileException(file, $"{field} is {value.ToString(CultureInfo.InvariantCulture)}, expected {expected}");
        }
    }
}
