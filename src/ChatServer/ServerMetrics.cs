using System.Diagnostics.Metrics;

namespace FanoutSim.ChatServer;

/// <summary>
/// Process-wide counters; Interlocked so the hot paths never take a lock. The same values are published as
/// System.Diagnostics.Metrics observable instruments (read only when an exporter collects), which /metrics
/// exports in the Prometheus text format.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "FanoutSim.ChatServer";

    private readonly long[] _lost = new long[LossCauses.All.Length];
    private long _connections;
    private long _messagesIn;
    private long _messagesOut;
    private long _oversizedRejected;
    private long _binaryRejected;
    private long _connectionsRejected;
    private long _redisReconnects;
    private long _memoryTrims;
    private long _subscriptionFailures;
    private long _timeoutCloses;
    private long _originRejected;
    private long _queuedBytes;

    public ServerMetrics()
    {
        Meter = new Meter(MeterName);
        Meter.CreateObservableUpDownCounter("chat.connections", () => Connections, "{connection}", "open WebSockets");
        Meter.CreateObservableCounter("chat.messages.in", () => Interlocked.Read(ref _messagesIn), "{message}",
            "messages received from clients");
        Meter.CreateObservableCounter("chat.messages.out", () => Interlocked.Read(ref _messagesOut), "{message}",
            "text frames written to clients");
        Meter.CreateObservableCounter("chat.messages.lost", LostMeasurements, "{message}",
            "messages that did not reach a client, by cause");
        Meter.CreateObservableCounter("chat.messages.rejected", RejectedMeasurements, "{message}",
            "client messages refused by a close (oversized, binary)");
        Meter.CreateObservableCounter("chat.connections.rejected", () => Interlocked.Read(ref _connectionsRejected),
            "{connection}", "upgrades refused by a connection limit");
        Meter.CreateObservableCounter("chat.origin.rejected", () => Interlocked.Read(ref _originRejected),
            "{connection}", "upgrades refused for their Origin");
        Meter.CreateObservableCounter("chat.subscription.failures", () => Interlocked.Read(ref _subscriptionFailures),
            "{connection}", "connections closed with 1013 because their Redis subscription failed");
        Meter.CreateObservableCounter("chat.timeout.closes", () => Interlocked.Read(ref _timeoutCloses),
            "{connection}", "connections aborted by the read or write timeout");
        Meter.CreateObservableCounter("chat.memory.trims", () => Interlocked.Read(ref _memoryTrims),
            "{trim}", "times a burst's memory was given back after connections fell");
        Meter.CreateObservableCounter("chat.redis.reconnects", () => Interlocked.Read(ref _redisReconnects),
            "{reconnect}", "Redis reconnections of the shared connection");
        Meter.CreateObservableUpDownCounter("chat.outbound.queued", () => QueuedBytes, "By",
            "bytes waiting in all outbound queues");
        Meter.CreateObservableUpDownCounter("chat.rooms", () => RoomCount(), "{room}", "rooms whose state is held");
        Meter.CreateObservableUpDownCounter("chat.subscriptions.missing", () => MissingSubscriptions(),
            "{subscription}", "per-connection subscriptions lost with their Redis connection and not yet confirmed");
        Meter.CreateObservableUpDownCounter("chat.delivery.healthy", () => DeliveryHealthy() ? 1 : 0, null,
            "1 while messages can be delivered through Redis");
    }

    public Meter Meter { get; }

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Bytes waiting in all outbound queues, against Chat:OutboundBudgetBytes.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Rooms whose state this process holds; set by the subscription mode.</summary>
    public Func<long> RoomCount { get; set; } = static () => 0;

    /// <summary>Per-connection subscriptions not (yet) re-established; set at start-up.</summary>
    public Func<int> MissingSubscriptions { get; set; } = static () => 0;

    /// <summary>Whether the delivery monitor currently lets messages through; set at start-up.</summary>
    public Func<bool> DeliveryHealthy { get; set; } = static () => false;

    /// <summary>Reserves a connection slot, or returns false when the limit is reached.</summary>
    public bool TryAddConnection(int max)
    {
        if (Interlocked.Increment(ref _connections) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _connections);
        Interlocked.Increment(ref _connectionsRejected);
        return false;
    }

    public void RemoveConnection() => Interlocked.Decrement(ref _connections);

    public void ConnectionRejected() => Interlocked.Increment(ref _connectionsRejected);

    public void MessageIn() => Interlocked.Increment(ref _messagesIn);

    public void MessageOut() => Interlocked.Increment(ref _messagesOut);

    public void Dropped() => Lost(LossCause.OutboundQueueFull);

    public void Lost(LossCause cause) => Interlocked.Increment(ref _lost[(int)cause]);

    public long LostCount(LossCause cause) => Interlocked.Read(ref _lost[(int)cause]);

    public void OversizedRejected() => Interlocked.Increment(ref _oversizedRejected);

    public void BinaryRejected() => Interlocked.Increment(ref _binaryRejected);

    public void RedisReconnected() => Interlocked.Increment(ref _redisReconnects);

    public void MemoryTrimmed() => Interlocked.Increment(ref _memoryTrims);

    public void SubscriptionFailed() => Interlocked.Increment(ref _subscriptionFailures);

    public void TimeoutClosed() => Interlocked.Increment(ref _timeoutCloses);

    public void OriginRejected() => Interlocked.Increment(ref _originRejected);

    public void AddQueuedBytes(long bytes) => Interlocked.Add(ref _queuedBytes, bytes);

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> LostMeasurements() =>
        LossCauses.All.Select(cause =>
            new Measurement<long>(
                LostCount(cause), new KeyValuePair<string, object?>("cause", LossCauses.Name(cause))));

    private IEnumerable<Measurement<long>> RejectedMeasurements() =>
    [
        new(Interlocked.Read(ref _oversizedRejected), new KeyValuePair<string, object?>("reason", "oversized")),
        new(Interlocked.Read(ref _binaryRejected), new KeyValuePair<string, object?>("reason", "binary")),
    ];

    public MetricsSnapshot Snapshot(bool redisConnected, string subscriptionMode, string instanceId) => new(
        Connections: Interlocked.Read(ref _connections),
        MessagesIn: Interlocked.Read(ref _messagesIn),
        MessagesOut: Interlocked.Read(ref _messagesOut),
        Dropped: LostCount(LossCause.OutboundQueueFull),
        OversizedRejected: Interlocked.Read(ref _oversizedRejected),
        BinaryRejected: Interlocked.Read(ref _binaryRejected),
        ConnectionsRejected: Interlocked.Read(ref _connectionsRejected),
        PublishErrors: LostCount(LossCause.PublishFailed) + LostCount(LossCause.PublishTimeout),
        RedisConnected: redisConnected,
        RedisReconnects: Interlocked.Read(ref _redisReconnects),
        SubscriptionMode: subscriptionMode,
        InstanceId: instanceId,
        ProcessorCount: Environment.ProcessorCount,
        ServerGc: System.Runtime.GCSettings.IsServerGC,
        Lost: LossCauses.All.ToDictionary(LossCauses.Name, LostCount),
        SubscriptionFailures: Interlocked.Read(ref _subscriptionFailures),
        TimeoutCloses: Interlocked.Read(ref _timeoutCloses),
        OriginRejected: Interlocked.Read(ref _originRejected),
        QueuedBytes: Interlocked.Read(ref _queuedBytes),
        Rooms: RoomCount(),
        SubscriptionsMissing: MissingSubscriptions(),
        GcHeapBytes: GC.GetGCMemoryInfo().HeapSizeBytes,
        MemoryTrims: Interlocked.Read(ref _memoryTrims));
}
