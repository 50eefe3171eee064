using Prometheus;

namespace FanoutSim.ChatServer;

/// <summary>
/// Configures prometheus-net's default registry to publish this server's System.Diagnostics.Metrics instruments
/// (its MeterAdapter) and nothing else: no event-counter or process collectors and no listener on other meters
/// (Kestrel's would record per request), so the exporter adds no work to the hot paths.
/// </summary>
public static class PrometheusExport
{
    private static int s_configured;

    /// <summary>Once per process, before the default registry is first used.</summary>
    public static void Configure()
    {
        if (Interlocked.Exchange(ref s_configured, 1) != 0)
        {
            return;
        }

        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = true,
            SuppressDebugMetrics = true,
            SuppressEventCounters = true,
            SuppressMeters = false,
        });
        Metrics.ConfigureMeterAdapter(adapter =>
            adapter.InstrumentFilterPredicate = instrument => instrument.Meter.Name == ServerMetrics.MeterName);
    }
}
