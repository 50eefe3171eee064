namespace FanoutSim.ChatServer;

/// <summary>Process-wide counters; Interlocked so the hot paths never take a lock.</summary>
public sealed class ServerMetrics
{
    private readonly long[] _lost = new long[LossCauses.All.Length];
    private long _connections;
    private long _messagesIn;
    private long _messagesOut;
    private long _oversizedRejected;
    private long _binaryRejected;
    private long _connectionsRejected;
    private long _redisReconnects;
    private long _subscriptionFailures;
    private long _timeoutCloses;
    private long _originRejected;
    private long _queuedBytes;

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Bytes waiting in all outbound queues, against Chat:OutboundBudgetBytes.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Rooms whose state this process holds; set by the subscription mode.</summary>
    public Func<long> RoomCount { get; set; } = static () => 0;

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

    public void SubscriptionFailed() => Interlocked.Increment(ref _subscriptionFailures);

    public void TimeoutClosed() => Interlocked.Increment(ref _timeoutCloses);

    public void OriginRejected() => Interlocked.Increment(ref _originRejected);

    public void AddQueuedBytes(long bytes) => Interlocked.Add(ref _queuedBytes, bytes);

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
        Rooms: RoomCount());
}
