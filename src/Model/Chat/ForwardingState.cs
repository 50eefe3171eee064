namespace FanoutSim.Model.Chat;

/// <summary>
/// What one task has to forward: the messages of each room that reached its writers and the connections they go to.
/// </summary>
internal sealed class ForwardingState
{
    // One entry per room, its counts side by side: a message touches one cache line per task, not three.
    private readonly RoomCounts[] _rooms;

    // Per-connection mode: one array of arrivals shared by every task (a message reaches all at the same instant).
    private readonly int[]? _sharedArrivals;

    // Per-task mode with a subscription per room: each room's messages that have reached the tasks that held it, the
    // room's own numbering (a task counts only those that came while it held the room).
    private readonly int[]? _arrivalsAnywhere;
    private readonly RoomHolders _holders;
    private readonly int _task;

    /// <param name="sharedArrivals">per-connection mode: the arrivals of each room, shared among all tasks; null =
    /// this task counts its own (per-task mode, where each task reads its copies in its own time)</param>
    /// <param name="holders">the run's record of which tasks hold which rooms, kept as connections come and go</param>
    /// <param name="arrivalsAnywhere">per-task mode with a subscription per room: each room's messages that have
    /// reached any task, to number this task's in the room's own order (the latencies' key); null otherwise</param>
    public ForwardingState(double bufferLimit, int rooms, int[]? sharedArrivals, RoomHolders holders, int task,
        int[]? arrivalsAnywhere = null)
    {
        BufferLimit = bufferLimit;
        _rooms = new RoomCounts[rooms];
        _sharedArrivals = sharedArrivals;
        _arrivalsAnywhere = arrivalsAnywhere;
        _holders = holders;
        _task = task;
    }

    /// <summary>
    /// Published messages of the (first) room that have reached this task's writers (or were dropped on arrival): the
    /// one room of a per-task subscription.
    /// </summary>
    public int Arrived
    {
        get => _rooms[0].Arrived;
        set
        {
            ref RoomCounts first = ref _rooms[0];
            ArrivedOverConnections += (long)(value - first.Arrived) * first.Connections;
            first.Arrived = value;
        }
    }

    /// <summary>Connections subscribed and not yet torn down.</summary>
    public int Connections { get; private set; }

    /// <summary>
    /// Messages arrived of each forwarding connection's rooms, summed over those connections' memberships (kept as
    /// they change, so a backlog over many rooms costs nothing to read).
    /// </summary>
    public long ArrivedOverConnections { get; private set; }

    /// <summary>
    /// Messages the task's memory can buffer, over all its connections (less as open connections take their memory).
    /// </summary>
    public double BufferLimit { get; set; }

    /// <summary>
    /// Per-task mode: copies waiting for the read, each counted once per member of its room here (kept as they change).
    /// </summary>
    public long PendingOverConnections { get; private set; }

    public int ArrivedIn(int room) => _sharedArrivals is null ? _rooms[room].Arrived : _sharedArrivals[room];

    public int ConnectionsIn(int room) => _rooms[room].Connections;

    /// <summary>The room's own number (its PUBLISH's index) of the message this task counts as
    /// <paramref name="arrived"/> (from 0): the same unless the task held none of the room for a while.</summary>
    public int RoomNumberOf(int room, int arrived) => arrived + _rooms[room].Skipped;

    /// <summary>Per-task mode: a copy of <paramref name="room"/> waits for the subscriber's read.</summary>
    public void Pend(int room)
    {
        ref RoomCounts counts = ref _rooms[room];
        counts.Pending++;
        PendingOverConnections += counts.Connections;
    }

    /// <summary>Per-task mode: the subscriber read a copy of <paramref name="room"/>; it has arrived.</summary>
    public void Read(int room)
    {
        ref RoomCounts counts = ref _rooms[room];
        counts.Pending--;
        PendingOverConnections -= counts.Connections;
        counts.Arrived++;
        ArrivedOverConnections += counts.Connections;
    }

    /// <summary>A message of <paramref name="room"/> reached this task's writers (per-task mode).</summary>
    public void Arrive(int room)
    {
        ref RoomCounts counts = ref _rooms[room];
        counts.Arrived++;
        ArrivedOverConnections += counts.Connections;
    }

    /// <summary>
    /// Per-connection mode: a message of <paramref name="room"/> reached the writers of every task; the shared count
    /// has already moved, this task's connections of the room each have one more to send.
    /// </summary>
    public void ArrivedEverywhere(int room) => ArrivedOverConnections += _rooms[room].Connections;

    /// <summary>A connection of <paramref name="room"/> (its first) starts forwarding.</summary>
    public void Join(int room)
    {
        Connections++;
        JoinRoom(room);
    }

    /// <summary>
    /// A connection forwards <paramref name="room"/>'s messages too: <see cref="Join"/> for its first room, this for
    /// each further one (counted per membership, the connection once).
    /// </summary>
    public void JoinRoom(int room)
    {
        ref RoomCounts counts = ref _rooms[room];
        if (counts.Connections++ == 0)
        {
            _holders.Add(room, _task);
            if (_arrivalsAnywhere is not null && counts.Pending == 0)
            {
                // Taken up again with nothing left to read: the room's messages from here on are numbered as the
                // room numbers them, past those that came while this task held none of it.
                counts.Skipped = _arrivalsAnywhere[room] - counts.Arrived;
            }
        }
        ArrivedOverConnections += ArrivedIn(room);
        PendingOverConnections += counts.Pending;
    }

    /// <summary>A connection of <paramref name="room"/> (its first) stops forwarding.</summary>
    public void Leave(int room)
    {
        Connections--;
        LeaveRoom(room);
    }

    /// <summary>A connection no longer forwards <paramref name="room"/>'s messages (one of its further rooms).
    /// </summary>
    public void LeaveRoom(int room)
    {
        ref RoomCounts counts = ref _rooms[room];
        if (--counts.Connections == 0)
        {
            _holders.Remove(room, _task);
        }
        ArrivedOverConnections -= ArrivedIn(room);
        PendingOverConnections -= counts.Pending;
    }

    private struct RoomCounts
    {
        public int Arrived;
        public int Connections;

        // Per-task mode: copies of the room waiting for the subscriber's read.
        public int Pending;

        // Per-task mode with a subscription per room: the room's messages that came while this task held none of it.
        public int Skipped;
    }
}
