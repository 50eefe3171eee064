using System.Threading.Channels;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.ChatServer;

/// <summary>Settings bound from the "Chat" configuration section (command line, environment, files).</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";
    public const string PerConnection = "per-connection";
    public const string PerTask = "per-task";

    /// <summary>
    /// A StackExchange.Redis configuration string; for client-sharded, the comma-separated endpoints of the shards in
    /// shard order; for the cluster topologies, seeds of the cluster.
    /// </summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>single, client-sharded, cluster or cluster-sharded (<see cref="RedisTopologyText"/>).</summary>
    public string RedisTopology { get; set; } = "single";

    /// <summary>The parsed <see cref="RedisTopology"/> (valid once <see cref="Validate"/> passed).</summary>
    public RedisTopology Topology =>
        RedisTopologyText.Map.TryParse(RedisTopology, out RedisTopology topology) ? topology : default;

    /// <summary>
    /// "per-connection" mirrors the reference server; "per-task" subscribes once per room per process.
    /// </summary>
    public string Subscription { get; set; } = PerConnection;

    public int MaxMessageBytes { get; set; } = 4096;

    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Rooms one connection may be in (its path's room and each `join`); more get HTTP 400.</summary>
    public int MaxRoomsPerConnection { get; set; } = 64;

    /// <summary>Capacity of each connection's outbound queue; overflow is dropped and counted.</summary>
    public int OutboundQueue { get; set; } = 1024;

    public BoundedChannelFullMode OutboundFullMode { get; set; } = BoundedChannelFullMode.DropOldest;

    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public int CloseTimeoutMs { get; set; } = 3000;

    /// <summary>How often the delivery monitor sends its canary through Redis.</summary>
    public int ProbeIntervalMs { get; set; } = 1000;

    /// <summary>A canary round trip slower than this (Redis down or frozen) blocks delivery, fails /healthz.</summary>
    public int FreezeThresholdMs { get; set; } = 2000;

    /// <summary>TCP connect to the end of the upgrade request's headers (Kestrel's RequestHeadersTimeout).</summary>
    public int HandshakeTimeoutMs { get; set; } = 10_000;

    /// <summary>Interval of the server's WebSocket pings.</summary>
    public int KeepAliveIntervalMs { get; set; } = 15_000;

    /// <summary>A peer not answering a ping within this (not reading, or stalled mid-frame) is aborted.</summary>
    public int ReadTimeoutMs { get; set; } = 15_000;

    /// <summary>A frame the peer does not take within this (its TCP window stays shut) aborts the connection.</summary>
    public int WriteTimeoutMs { get; set; } = 15_000;

    /// <summary>Connections per client IP; 0 = unlimited (default: load generators and NATs share one IP).</summary>
    public int MaxConnectionsPerIp { get; set; }

    /// <summary>Comma-separated Origin values a browser upgrade must carry; empty = any (the default).</summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>When set, /metrics and /metrics.json require "Authorization: Bearer {token}"; empty = open.</summary>
    public string MetricsToken { get; set; } = "";

    /// <summary>Process-wide budget for bytes waiting in all outbound queues together.</summary>
    public long OutboundBudgetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Seconds the connection count must stay at a quarter of its peak or below before the server returns the
    /// burst's memory to the OS (MemoryTrimmer); 0 = never.
    /// </summary>
    public int MemoryTrimSeconds { get; set; } = 10;

    public IReadOnlyList<string> AllowedOriginList =>
        AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsPerConnection => string.Equals(Subscription, PerConnection, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!RedisTopologyText.Map.TryParse(RedisTopology, out _))
        {
            throw new InvalidOperationException(
                $"Chat:RedisTopology must be one of {RedisTopologyText.Map.Known}, not '{RedisTopology}'.");
        }

        if (RedisLayout.EndpointsOf(Redis).Count == 0)
        {
            throw new InvalidOperationException($"Chat:Redis names no endpoint: '{Redis}'.");
        }

        if (!IsPerConnection && !string.Equals(Subscription, PerTask, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Chat:Subscription must be '{PerConnection}' or '{PerTask}', not '{Subscription}'.");
        }

        if (MaxMessageBytes < 1 || MaxConnections < 1 || OutboundQueue < 1 || CloseTimeoutMs < 1
            || MaxRoomsPerConnection < 1)
        {
            throw new InvalidOperationException(
                "Chat:MaxMessageBytes, Chat:MaxConnections, Chat:OutboundQueue, Chat:CloseTimeoutMs and "
                + "Chat:MaxRoomsPerConnection must be positive.");
        }

        if (ProbeIntervalMs < 1 || FreezeThresholdMs < 1 || HandshakeTimeoutMs < 1 || KeepAliveIntervalMs < 1
            || ReadTimeoutMs < 1 || WriteTimeoutMs < 1 || MaxConnectionsPerIp < 0 || OutboundBudgetBytes < 1
            || MemoryTrimSeconds < 0)
        {
            throw new InvalidOperationException(
                "Chat:ProbeIntervalMs, FreezeThresholdMs, HandshakeTimeoutMs, KeepAliveIntervalMs, ReadTimeoutMs, "
                + "WriteTimeoutMs and OutboundBudgetBytes must be positive; MaxConnectionsPerIp and "
                + "MemoryTrimSeconds 0 or more.");
        }

        if (OutboundFullMode == BoundedChannelFullMode.Wait)
        {
            // Waiting would let one slow client stall the fan-out for everybody else in the room.
            throw new InvalidOperationException(
                "Chat:OutboundFullMode must drop (DropOldest, DropNewest or DropWrite).");
        }
    }
}
