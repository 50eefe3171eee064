namespace FanoutSim.ChatServer;

/// <summary>Why a message did not reach a client; every loss is counted under exactly one cause.</summary>
public enum LossCause
{
    /// <summary>A connection's outbound queue was full (a slow reader); also reported as "dropped".</summary>
    OutboundQueueFull,

    /// <summary>The process-wide budget for queued outbound bytes was spent.</summary>
    MemoryBudget,

    /// <summary>The sender's message was refused: Redis could not deliver (down, frozen, unsubscribed).</summary>
    RedisUnavailable,

    /// <summary>PUBLISH failed with an error.</summary>
    PublishFailed,

    /// <summary>PUBLISH timed out: the outcome is unknown (a frozen Redis may still deliver it later).</summary>
    PublishTimeout,

    /// <summary>PUBLISH succeeded but no subscriber received it (subscriptions missing).</summary>
    NoSubscribers,

    /// <summary>A message from Redis was not a valid envelope (JSON shape or UTF-8) and was not forwarded.</summary>
    InvalidFromRedis,
}

public static class LossCauses
{
    public static readonly LossCause[] All = Enum.GetValues<LossCause>();

    public static string Name(LossCause cause) => cause switch
    {
        LossCause.OutboundQueueFull => "outbound_queue_full",
        LossCause.MemoryBudget => "memory_budget",
        LossCause.RedisUnavailable => "redis_unavailable",
        LossCause.PublishFailed => "publish_failed",
        LossCause.PublishTimeout => "publish_timeout",
        LossCause.NoSubscribers => "no_subscribers",
        LossCause.InvalidFromRedis => "invalid_from_redis",
        _ => cause.ToString(),
    };
}
