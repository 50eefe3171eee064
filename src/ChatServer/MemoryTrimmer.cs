using System.Runtime;
using Microsoft.Extensions.Options;

namespace FanoutSim.ChatServer;

/// <summary>
/// Gives a burst's memory back once the burst is over. The GC sizes its heap for the high-water mark and, on an idle
/// server that allocates little, may not run a full collection for hours: after 2,000 churning per-connection
/// sessions (one Redis multiplexer and its buffers each) the process kept ~700 MB resident with no connection open.
/// When the connection count has stayed at a quarter of its peak or below for Chat:MemoryTrimSeconds, a compacting
/// collection that decommits what it frees (GCCollectionMode.Aggressive) runs, again once the finalizers it queued have
/// run, then glibc returns its free pages; the peak starts over. It blocks the process for two full GCs, at a moment
/// when there is little left to serve.
/// </summary>
public sealed class MemoryTrimmer : BackgroundService
{
    /// <summary>A drop smaller than this many connections is not a burst worth a blocking collection.</summary>
    private const long MinimumDrop = 64;

    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<MemoryTrimmer> _logger;

    public MemoryTrimmer(IOptions<ChatOptions> options, ServerMetrics metrics, ILogger<MemoryTrimmer> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.MemoryTrimSeconds == 0)
        {
            return;
        }

        var watch = new TrimWatch(_options.MemoryTrimSeconds, MinimumDrop);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (watch.Observe(_metrics.Connections) is { } peak)
                {
                    Trim(peak);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Trim(long peak)
    {
        double rssBefore = ResidentMegabytes();
        long heapBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // Sockets and Redis connections have finalizers: the first collection only queues them; once they have run,
        // a second one frees what they held.
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        _metrics.MemoryTrimmed();
        _logger.LogInformation(
            "Released memory after connections fell from {Peak} to {Connections}: resident {RssBefore:0} -> "
            + "{RssAfter:0} MB, managed heap {HeapBefore:0} -> {HeapAfter:0} MB",
            peak, _metrics.Connections, rssBefore, ResidentMegabytes(), heapBefore / 1048576.0,
            GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0);
    }

    private static double ResidentMegabytes() => Environment.WorkingSet / 1048576.0;
}
