using System.Text.Json;

namespace FanoutSim.LoadGen;

/// <summary>
/// Reads the chat servers' own drop counters (GET /metrics, field "dropped": messages discarded because a
/// connection's outbound queue was full) before and after a run, so a measured run's `dropped` means what a
/// simulated run's does. Best effort: a server without that endpoint makes the count unknown (null).
/// </summary>
public static class ServerDropProbe
{
    /// <summary>http://host:port/metrics of every distinct server behind the WebSocket urls.</summary>
    public static IReadOnlyList<Uri> MetricsUrls(IEnumerable<Uri> wsUrls) =>
        wsUrls.Select(u => new UriBuilder(u.Scheme == "wss" ? "https" : "http", u.Host, u.Port, "/metrics.json").Uri)
            .Distinct()
            .ToList();

    /// <summary>The sum of the servers' drop counters, or null when any server did not answer with one.</summary>
    public static async Task<long?> ReadTotalAsync(IReadOnlyList<Uri> metricsUrls, TimeSpan timeout)
    {
        if (metricsUrls.Count == 0)
        {
            return null;
        }
        using var http = new HttpClient { Timeout = timeout };
        long total = 0;
        foreach (Uri url in metricsUrls)
        {
            try
            {
                string json = await http.GetStringAsync(url).ConfigureAwait(false);
                long? dropped = Parse(json);
                if (dropped is null)
                {
                    return null;
                }
                total += dropped.Value;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return null;
            }
        }
        return total;
    }

    public static long? Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("dropped", out JsonElement d)
                && d.TryGetInt64(out long v) ? v : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
