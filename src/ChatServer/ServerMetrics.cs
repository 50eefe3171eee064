namespace FanoutSim.ChatServer;

/// <summary>Process-wide counters; Interlocked so the hot paths never take a lock.</summary>
public sealed class ServerMetrics
{
    private long _connections;
    private long _messagesIn;
    private long _messagesOut;
    private long _dropped;
    private long _oversizedRejected;
    private long _binaryRejected;
    private long _connectionsRejected;
    private long _publishErrors;
    private long _redisReconnects;

    public long Connections => Interlocked.Read(ref _connections);

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

    public void MessageIn() => Interlocked.Increment(ref _messagesIn);

    public void MessageOut() => Interlocked.Increment(ref _messagesOut);

    public void Dropped() => Interlocked.Increment(ref _dropped);

    public void OversizedRejected() => Interlocked.Increment(ref _oversizedRejected);

    public void BinaryRejected() => Interlocked.Increment(ref _binaryRejected);

    public void PublishError() => Interlocked.Increment(ref _publishErrors);

    public void RedisReconnected() => Interlocked.Increment(ref _redisReconnects);

    public MetricsSnapshot Snapshot(bool redisConnected, string subscriptionMode, string instanceId) => new(
        Connections: Interlocked.Read(ref _connections),
        MessagesIn: Interlocked.Read(ref _messagesIn),
        MessagesOut: Interlocked.Read(ref _messagesOut),
        Dropped: Interlocked.Read(ref _dropped),
        OversizedRejected: Interlocked.Read(ref _oversizedRejected),
        BinaryRejected: Interlocked.Read(ref _binaryRejected),
        ConnectionsRejected: Interlocked.Read(ref _connectionsRejected),
        PublishErrors: Interlocked.Read(ref _publishErrors),
        RedisConnected: redisConnected,
        RedisReconnects: Interlocked.Read(ref _redisReconnects),
        SubscriptionMode: subscriptionMode,
        InstanceId: instanceId,
        ProcessorCount: Environment.ProcessorCount,
        ServerGc: System.Runtime.GCSettings.IsServerGC);
}

public sealed record MetricsSnapshot(
    long Connections,
    long MessagesIn,
    long MessagesOut,
    long Dropped,
    long OversizedRejected,
    long BinaryRejected,
    long ConnectionsRejected,
    long PublishErrors,
    bool RedisConnected,
    long RedisReconnects,
    string SubscriptionMode,
    string InstanceId,
    // What the runtime made of its CPU limit at start-up (a cgroup quota it saw lowers both): calibration runs record
    // it, because a server that started before its quota applied sizes its GC and thread pool for the whole machine.
    int ProcessorCount,
    bool ServerGc);

public sealed record HealthReport(string Status, bool RedisConnected, string SubscriptionMode, string InstanceId);
