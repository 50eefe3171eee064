namespace FanoutSim.Model.Chat;

/// <summary>
/// A pending event: a kind and two integers (12 bytes, so the queue copies little), made and read only through
/// the named factories and accessors below, which say what the integers mean for each kind.
/// </summary>
public readonly record struct ChatEvent
{
    // A connection, a user, a task or a room, depending on the kind.
    private readonly int _subject;

    // A session index, a tick number, a message index, or a flag (a close timeout; a control event re-delivered after
    // the backlog).
    private readonly int _detail;

    private ChatEvent(ChatEventKind kind, int subject, int detail = 0)
    {
        Kind = kind;
        _subject = subject;
        _detail = detail;
    }

    public ChatEventKind Kind { get; }

    /// <summary>
    /// The connection the event concerns (every kind but dial, send tick, publish, message arrival, wake and the Redis
    /// subscriber events).
    /// </summary>
    public int Connection => _subject;

    /// <summary>The user who dials (<see cref="ChatEventKind.SessionDial"/>).</summary>
    public int User => _subject;

    /// <summary>Which of the user's sessions is dialled, from 0 (<see cref="ChatEventKind.SessionDial"/>).</summary>
    public int SessionIndex => _detail;

    /// <summary>
    /// The membership whose send timer fires (<see cref="ChatEventKind.SendTick"/>): the connection itself for its
    /// first room, or its seat in a further one (<see cref="Memberships"/>).
    /// </summary>
    public int Membership => _subject;

    /// <summary>Which send timer fires, from 1 (<see cref="ChatEventKind.SendTick"/>).</summary>
    public int Tick => _detail;

    /// <summary>
    /// The Redis subscriber concerned: a connection in per-connection mode, else a task
    /// (<see cref="ChatEventKind.RedisRetransmit"/>, <see cref="ChatEventKind.RedisCatchUp"/>).
    /// </summary>
    public int Subscriber => _subject;

    /// <summary>The send a PUBLISH carries (<see cref="ChatEventKind.RedisPublish"/>).</summary>
    public int SendRef => _detail;

    /// <summary>The index of the arriving message in its room (<see cref="ChatEventKind.MessageArrive"/>).</summary>
    public int Message => _detail;

    /// <summary>
    /// The room published to, or whose message arrives (<see cref="ChatEventKind.RedisPublish"/>,
    /// <see cref="ChatEventKind.MessageArrive"/>).
    /// </summary>
    public int Room => _subject;

    /// <summary>Messages before this index have now reached the subscriber (<see cref="ChatEventKind.RedisCatchUp"/>).
    /// </summary>
    public int UpTo => _detail;

    /// <summary>
    /// The task whose CPU wakes (<see cref="ChatEventKind.ProcessorWake"/>).
    /// </summary>
    public int Task => _subject;

    /// <summary>
    /// The session ends because the client gave up waiting for the close (<see cref="ChatEventKind.SessionEnd"/>).
    /// </summary>
    public bool IsAbort => _detail != 0;

    /// <summary>
    /// A handshake or close re-delivered once the forwarding pending on its task has had its CPU time.
    /// </summary>
    public bool IsDeferred => _detail != 0;

    public static ChatEvent SessionDial(int user, int sessionIndex) =>
        new(ChatEventKind.SessionDial, user, sessionIndex);

    public static ChatEvent HandshakeArrive(int connection) => new(ChatEventKind.HandshakeArrive, connection);

    public static ChatEvent ClientOpen(int connection) => new(ChatEventKind.ClientOpen, connection);

    /// <param name="membership">the connection itself for its first room, else its seat in the room</param>
    public static ChatEvent SendTick(int membership, int tick) => new(ChatEventKind.SendTick, membership, tick);

    public static ChatEvent ClientClose(int connection) => new(ChatEventKind.ClientClose, connection);

    public static ChatEvent InboundArrive(int connection) => new(ChatEventKind.InboundArrive, connection);

    public static ChatEvent CloseArrive(int connection) => new(ChatEventKind.CloseArrive, connection);

    public static ChatEvent SessionEnd(int connection) => new(ChatEventKind.SessionEnd, connection);

    /// <summary>
    /// The client's close timeout: the session ends whether or not the server has finished the close.
    /// </summary>
    public static ChatEvent SessionAbort(int connection) => new(ChatEventKind.SessionEnd, connection, 1);

    /// <param name="sendRef">which send it is, for its latency (<see cref="DeliveryLatency.NextPublished"/>)</param>
    public static ChatEvent RedisPublish(int room, int sendRef) => new(ChatEventKind.RedisPublish, room, sendRef);

    public static ChatEvent Subscribe(int connection) => new(ChatEventKind.Subscribe, connection);

    public static ChatEvent Unsubscribe(int connection) => new(ChatEventKind.Unsubscribe, connection);

    /// <summary>A published message's copies reach every task (the ones not held back by a lost packet).</summary>
    /// <param name="message">its index in its room</param>
    public static ChatEvent MessageArrive(int room, int message) => new(ChatEventKind.MessageArrive, room, message);

    /// <summary>The retransmission timeout of a subscriber's lost packet fires (a connection or a task).</summary>
    public static ChatEvent RedisRetransmit(int subscriber) => new(ChatEventKind.RedisRetransmit, subscriber);

    /// <summary>
    /// Redis disconnected a subscriber over its output buffer limit: what it held up to message index upTo is lost.
    /// </summary>
    public static ChatEvent RedisDisconnected(int subscriber, int upTo) =>
        new(ChatEventKind.RedisDisconnected, subscriber, upTo);

    /// <summary>Copies a lost packet had held back reach their subscriber, up to message index upTo.</summary>
    public static ChatEvent RedisCatchUp(int subscriber, int upTo) =>
        new(ChatEventKind.RedisCatchUp, subscriber, upTo);

    public static ChatEvent ProcessorWake(int task) => new(ChatEventKind.ProcessorWake, task);

    /// <summary>
    /// This handshake or close again, marked as already deferred so it is handled when it comes back.
    /// </summary>
    public ChatEvent Deferred() => new(Kind, _subject, 1);
}
