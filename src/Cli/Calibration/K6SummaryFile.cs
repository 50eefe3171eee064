using System.Globalization;
using System.Text.Json;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// The k6 metrics calibration needs, read from an end-of-test summary: `k6 run --summary-export FILE`
/// (metrics.NAME.count / .rate / .avg, durations in ms) or a handleSummary JSON dump (metrics.NAME.values.*).
/// </summary>
public sealed record K6Summary(long Sent, long Received, double? ReceivedPerSecond, double SessionAvgSeconds)
{
    /// <summary>
    /// True when the JSON looks like a k6 summary (has metrics.ws_msgs_sent) rather than a run report.
    /// </summary>
    public static bool Recognise(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("schema", out _)
        && root.TryGetProperty("metrics", out JsonElement m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty("ws_msgs_sent", out _);

    public static K6Summary Parse(string file, JsonElement root)
    {
        if (!root.TryGetProperty("metrics", out JsonElement metrics) || metrics.ValueKind != JsonValueKind.Object)
        {
            throw new RunFileException(file,
                "no 'metrics' object: not a k6 summary export (k6 run --summary-export FILE)");
        }
        long sent = (long)Value(file, metrics, "ws_msgs_sent", "count");
        long received = (long)Value(file, metrics, "ws_msgs_received", "count");
        double? rate = TryValue(metrics, "ws_msgs_received", "rate");
        // k6 records ws_session_duration in milliseconds.
        double sessionMs = Value(file, metrics, "ws_session_duration", "avg");
        if (sent <= 0)
        {
            throw new RunFileException(file, $"metrics.ws_msgs_sent.count is {sent}, expected positive");
        }
        if (received < 0 || sessionMs <= 0)
        {
            throw new RunFileException(file,
                "metrics.ws_msgs_received.count must be >= 0 and metrics.ws_session_duration.avg > 0");
        }
        return new K6Summary(sent, received, rate, sessionMs / 1000);
    }

    private static double Value(string file, JsonElement metrics, string metric, string field) =>
        TryValue(metrics, metric, field)
        ?? throw new RunFileException(file,
            $"metrics.{metric}.{field} is missing or not a number " +
            $"(the k6 script must use k6/ws so k6 reports {metric})");

    private static double? TryValue(JsonElement metrics, string metric, string field)
    {
        if (!metrics.TryGetProperty(metric, out JsonElement m) || m.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (m.TryGetProperty("values", out JsonElement values) && values.ValueKind == JsonValueKind.Object)
        {
            m = values;
        }
        return m.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Number
            && double.IsFinite(v.GetDouble()) ? v.GetDouble() : null;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sent {Sent}, received {Received}, session avg {SessionAvgSeconds:0.###} s");
}
