namespace FanoutSim.Model.Chat;

/// <summary>What the k6 client side and the servers count during one run.</summary>
internal sealed class ChatCounters
{
    public ChatCounters(int expectedSessions, int roomClasses)
    {
        SessionDurations = new List<double>(expectedSessions);
        ConnectDurations = new List<double>(expectedSessions);
        CloseDurations = new List<double>(expectedSessions);
        SentByClass = new long[roomClasses];
        ExpectedByClass = new long[roomClasses];
        ReceivedByClass = new long[roomClasses];
    }

    public long Sent;
    public long Received;

    /// <summary>Forwarded by a task after its client had already called close: CPU spent for nothing.</summary>
    public long ForwardedLate;

    /// <summary>Discarded because a task's outbound buffers were full.</summary>
    public long Dropped;

    /// <summary>Copies Redis discarded when it disconnected a subscriber over its output buffer limit.</summary>
    public long LostToDisconnect;

    /// <summary>Turns the connections' writers took: a batch each, or in exact mode a run of single writes.</summary>
    public long ForwarderTurns;

    /// <summary>Copies those turns wrote, late ones included (so writes / turns is a turn's depth).</summary>
    public long ForwarderWrites;

    /// <summary>Inbound messages a task took after it had forwarded copies since its message before: how often its
    /// loop turned from the forwarding back to the inbound path (the replica's timeline counts the same).</summary>
    public long InboundAfterCopies;

    /// <summary>Redis connections the tasks' clients opened for a PUBLISH that found none free (publish_connect_*):
    /// set beside a replica run's TCP opens beyond its id calls and WebSockets.</summary>
    public long PublishConnects;

    public double LastSessionEnd;

    /// <summary>Reconnects and members away between sessions; null without churn (nothing counted, nothing shown).
    /// </summary>
    public ChurnCounts? Churn { get; init; }

    public List<double> SessionDurations { get; }

    /// <summary>Each opened session's dial to open (k6's ws_connecting).</summary>
    public List<double> ConnectDurations { get; }

    /// <summary>Each ended session's close call to its end: the close handshake done, or the client giving up at its
    /// close timeout.</summary>
    public List<double> CloseDurations { get; }

    /// <summary>Sends by the room class of the sender.</summary>
    public long[] SentByClass { get; }

    /// <summary>Deliveries owed by room class: each send, once per member of its room (the sender included).</summary>
    public long[] ExpectedByClass { get; }

    /// <summary>
    /// Deliveries by room class, counted by per-connection forwarders (the only writers of several rooms); with one
    /// class <see cref="Received"/> is the class's count whoever wrote it.
    /// </summary>
    public long[] ReceivedByClass { get; }
}
