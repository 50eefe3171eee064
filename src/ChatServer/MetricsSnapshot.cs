namespace FanoutSim.ChatServer;

/// <summary>The JSON counters at /metrics.json (the load generator reads "dropped").</summary>
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
    bool ServerGc,
    // Every message that did not reach a client, by cause (keys as in LossCauses.Name).
    Dictionary<string, long> Lost,
    long SubscriptionFailures,
    long TimeoutCloses,
    long OriginRejected,
    long QueuedBytes,
    long Rooms,
    int SubscriptionsMissing,
    // The managed heap at the last GC: with RSS it tells retained pools apart from live objects.
    long GcHeapBytes,
    // Times the MemoryTrimmer gave a burst's memory back after connections fell.
    long MemoryTrims);
