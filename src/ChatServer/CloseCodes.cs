using System.Net.WebSockets;

namespace FanoutSim.ChatServer;

/// <summary>Close codes that WebSocketCloseStatus does not name (RFC 6455 section 7.4.1, IANA registry).</summary>
public static class CloseCodes
{
    /// <summary>1013: the server cannot serve right now (Redis unavailable); the client may retry later.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
}
