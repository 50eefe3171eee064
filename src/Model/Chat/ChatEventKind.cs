namespace FanoutSim.Model.Chat;

/// <summary>
/// Everything that can happen at an instant in the chat system; <see cref="ChatEvent"/> names each one's arguments.
/// </summary>
public enum ChatEventKind : byte
{
    /// <summary>A user dials a new session.</summary>
    SessionDial,

    /// <summary>The upgrade request reaches the task.</summary>
    HandshakeArrive,

    /// <summary>The client sees the socket open and starts its send and close timers.</summary>
    ClientOpen,

    /// <summary>A send timer fires.</summary>
    SendTick,

    /// <summary>The close timer fires; the client stops counting what it receives.</summary>
    ClientClose,

    /// <summary>A client message reaches its task.</summary>
    InboundArrive,

    /// <summary>The client's close frame reaches its task.</summary>
    CloseArrive,

    /// <summary>The close handshake completes at the client; the session ends.</summary>
    SessionEnd,

    /// <summary>A PUBLISH reaches Redis.</summary>
    RedisPublish,

    /// <summary>A connection's own SUBSCRIBE takes effect at Redis, per-connection mode.</summary>
    Subscribe,

    /// <summary>An UNSUBSCRIBE reaches Redis.</summary>
    Unsubscribe,

    /// <summary>A published message's copies have left Redis and reach the tasks.</summary>
    MessageArrive,

    /// <summary>A task's CPU resumes work it had to leave at the previous horizon.</summary>
    ProcessorWake,

    /// <summary>A shaped Redis egress: a subscriber's lost packet is sent again.</summary>
    RedisRetransmit,

    /// <summary>A shaped Redis egress: copies held back behind a lost packet reach their subscriber.</summary>
    RedisCatchUp,

    /// <summary>Redis disconnected a subscriber over its output buffer limit; what it held is lost.</summary>
    RedisDisconnected,
}
