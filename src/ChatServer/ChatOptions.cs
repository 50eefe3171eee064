using System.Threading.Channels;

namespace FanoutSim.ChatServer;

/// <summary>Settings bound from the "Chat" configuration section (command line, environment, files).</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";
    public const string PerConnection = "per-connection";
    public const string PerTask = "per-task";

    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>"per-connection" mirrors the reference server; "per-task" subscribes once per room per process.</summary>
    public string Subscription { get; set; } = PerConnection;

    public int MaxMessageBytes { get; set; } = 4096;

    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Capacity of each connection's outbound queue; overflow is dropped and counted.</summary>
    public int OutboundQueue { get; set; } = 1024;

    public BoundedChannelFullMode OutboundFullMode { get; set; } = BoundedChannelFullMode.DropOldest;

    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public int CloseTimeoutMs { get; set; } = 3000;

    public bool IsPerConnection => string.Equals(Subscription, PerConnection, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!IsPerConnection && !string.Equals(Subscription, PerTask, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Chat:Subscription must be '{PerConnection}' or '{PerTask}', not '{Subscription}'.");
        }

        if (MaxMessageBytes < 1 || MaxConnections < 1 || OutboundQueue < 1 || CloseTimeoutMs < 1)
        {
            throw new InvalidOperationException(
                "Chat:MaxMessageBytes, Chat:MaxConnections, Chat:OutboundQueue and Chat:CloseTimeoutMs must be positive.");
        }

        if (OutboundFullMode == BoundedChannelFullMode.Wait)
        {
            // Waiting would let one slow client stall the fan-out for everybody else in the room.
            throw new InvalidOperationException("Chat:OutboundFullMode must drop (DropOldest, DropNewest or DropWrite).");
        }
    }
}
