using System.Globalization;
using System.Text;
using FanoutSim.Model.Results;

namespace FanoutSim.LoadGen;

/// <summary>The end-of-test summary in k6's layout, so numbers can be read side by side with the reference.</summary>
public static class K6Summary
{
    public static string Format(RunReport report)
    {
        RunMetrics m = report.Metrics;
        DurationSummary d = m.WsSessionDuration;
        var sb = new StringBuilder();
        Line(sb, "ws_msgs_sent", $"{m.WsMsgsSent} {m.SentPerSecond:0.##}/s");
        Line(sb, "ws_msgs_received", $"{m.WsMsgsReceived} {m.DeliveredPerSecond:0.##}/s");
        // With rooms a send is owed to its room's members only, with churn to those in a session when it was sent
        // (the `run` summary's wording too).
        Line(sb, m.Churn is not null ? "expected (sent x present)"
            : report.RoomClasses is null ? "expected (sent x N)" : "expected (sent x room size)", $"{m.Expected}");
        Line(sb, "delivery ratio", $"{m.DeliveryRatio * 100:0.00}%");
        Line(sb, "ws_session_duration",
            $"avg={d.Avg:0.###}s min={d.Min:0.###}s med={d.Med:0.###}s max={d.Max:0.###}s "
            + $"p(90)={d.P90:0.###}s p(95)={d.P95:0.###}s");
        foreach ((string name, DurationSummary times) in m.ConnectCloseTimes())
        {
            Line(sb, name, times.Text());
        }
        Line(sb, "ws_sessions", $"{m.WsSessions}");
        if (m.Churn is { } churn)
        {
            Line(sb, "reconnects (connects)", $"{churn.Connects} {churn.ConnectsPerSecond:0.0}/s, "
                + $"peak {churn.PeakConnectsPerSecond:0} in 1 s");
        }
        Line(sb, "ws_connect_failures", $"{m.WsConnectFailures}");
        Line(sb, "test duration", $"{m.DurationSeconds:0.##}s");
        report.Environment.TryGetValue("loadgen_cpu_seconds", out string? cpu);
        report.Environment.TryGetValue("loadgen_cores_busy", out string? busy);
        report.Environment.TryGetValue("cores_available", out string? cores);
        Line(sb, "loadgen cpu", $"{cpu}s ({busy} of {cores} cores busy)");
        foreach (ResourceUsage r in report.Resources)
        {
            Line(sb, $"utilisation {r.Name}", $"{r.Utilization * 100:0.0}%");
        }
        Line(sb, "bottleneck", report.Bottleneck.ToString());
        if (report.Environment.TryGetValue("foreign_cpu_cores_mean", out string? foreign))
        {
            report.Environment.TryGetValue("foreign_cpu_cores_max", out string? foreignMax);
            report.Environment.TryGetValue("steal_fraction", out string? steal);
            Line(sb, "other processes' cpu", $"{foreign} cores mean, {foreignMax} max, steal fraction {steal}");
        }
        if (report.Environment.TryGetValue("speed_index", out string? speed))
        {
            report.Environment.TryGetValue("speed_index_spread", out string? spread);
            Line(sb, "machine speed index", $"{speed} ops/cpu-s ({spread})");
        }
        if (report.Environment.TryGetValue("speed_index_server", out string? server))
        {
            report.Environment.TryGetValue("server_cpu_seconds_percpu", out string? perCpu);
            Line(sb, "speed where servers ran", $"{server} ops/cpu-s (server cpu-s per cpu: {perCpu})");
        }
        if (report.Environment.TryGetValue("warnings", out string? w) && w.Length > 0)
        {
            Line(sb, "warnings", w);
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string name, string value) =>
        sb.Append(CultureInfo.InvariantCulture, $"     {name.PadRight(28, '.')}: {value}\n");
}
