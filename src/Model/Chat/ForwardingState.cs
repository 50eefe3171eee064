namespace FanoutSim.Model.Chat;

/// <summary>
/// What one task has to forward: the messages of each room that reached its writers and the connections they go to.
/// Kept only for the rooms the task has something of (a connection, or a copy still to read): in the run's shared
/// cells where it can afford one per (room, task) (<see cref="RoomTaskEntries"/>), else in slots of the task's own
/// (<see cref="RoomSlots"/>): a task of a service of a million rooms holds a few tens of thousands at a time.
/// </summary>
internal sealed class ForwardingState
{
    private const int InitialSlots = 4;

    // The task's own slots, or null where every (room, task) has a cell in the shared entries: there a room the task
    // keeps nothing for has a cell all the same, at its default value (an entry let go is cleared): it reads as none.
    private readonly RoomSlots? _slots;

    // Shared entries (their cells are _entries), and this task's entries kept in them.
    private readonly RoomTaskEntries? _shared;
    private int _kept;

    // What FanoutIn hands out for a room without an entry.
    private LocalFanout _none;

    // One entry per slot (or the shared cells, one per room and task), its counts side by side with its local
    // fan-out: a message touches one entry per task.
    private RoomEntry[] _entries;

    // Own slots: the last room looked up and its slot (a copy's arrival, read and fan-out ask for the same room in a
    // row).
    private int _lastRoom = -1;
    private int _lastSlot = -1;

    // Whether a room's entry may go once nothing on the task refers to it: only where its count of arrivals can start
    // again from 0 (per-connection mode counts them in the shared array; a subscription per room numbers them by the
    // room's own count). A per-task subscription to the one room counts every message from the run's start.
    private readonly bool _releasesIdleRooms;

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
    public ForwardingState(double bufferLimit, int[]? sharedArrivals, RoomHolders holders, int task,
        int[]? arrivalsAnywhere = null)
    {
        BufferLimit = bufferLimit;
        _sharedArrivals = sharedArrivals;
        _arrivalsAnywhere = arrivalsAnywhere;
        _releasesIdleRooms = sharedArrivals is not null || arrivalsAnywhere is not null;
        _holders = holders;
        _task = task;
        if (holders.Entries is { } shared && _releasesIdleRooms)
        {
            // Only where entries go once idle: a task subscribed to its one room for the whole run keeps counting
            // with nobody there, and such an entry must not read as none.
            _shared = shared;
            _entries = shared.Cells;
        }
        else
        {
            _slots = new RoomSlots();
            _entries = new RoomEntry[InitialSlots];
        }
    }

    /// <summary>
    /// Published messages of the (first) room that have reached this task's writers (or were dropped on arrival): the
    /// one room of a per-task subscription.
    /// </summary>
    public int Arrived
    {
        get => ArrivedIn(0);
        set
        {
            ref RoomEntry first = ref Entry(0);
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

    /// <summary>Rooms the task keeps an entry for now: those with a connection or a copy to read here.</summary>
    public int RoomsKept => _slots?.Count ?? _kept;

    public int ArrivedIn(int room)
    {
        if (_sharedArrivals is not null)
        {
            return _sharedArrivals[room];
        }
        int slot = SlotOf(room);
        return slot < 0 ? 0 : _entries[slot].Arrived;
    }

    public int ConnectionsIn(int room)
    {
        int slot = SlotOf(room);
        return slot < 0 ? 0 : _entries[slot].Connections;
    }

    /// <summary>The room's own number (its PUBLISH's index) of the message this task counts as
    /// <paramref name="arrived"/> (from 0): the same unless the task held none of the room for a while.</summary>
    public int RoomNumberOf(int room, int arrived)
    {
        int slot = SlotOf(room);
        return slot < 0 ? arrived : arrived + _entries[slot].Skipped;
    }

    /// <summary>
    /// The room's local fan-out on this task, to make or add to (the subscriber lane makes it when a member joins; it
    /// goes with the room's entry, once the room's last member here has left and its last copy here was read).
    /// </summary>
    public ref LocalFanout FanoutOf(int room) => ref Entry(room).Fanout;

    /// <summary>The room's local fan-out on this task (valid until the next room is given an entry): one that does not
    /// exist (<see cref="LocalFanout.Exists"/>) when nobody of it joined here since it last went.</summary>
    public ref LocalFanout FanoutIn(int room)
    {
        int slot = SlotOf(room);
        if (slot < 0)
        {
            // No entry: a fan-out that does not exist (and stays so: only FanoutOf adds recipients).
            _none = default;
            return ref _none;
        }
        return ref _entries[slot].Fanout;
    }

    /// <summary>
    /// Prefetches the room's entry (both ends: it may straddle two cache lines; <see cref="CacheHint"/>): a message
    /// visits its tasks one after the other, each task's entry a cache miss of its own (a service of a million
    /// connections has hundreds of megabytes of them); asked for every task first, the misses overlap instead of
    /// following one another. <see cref="TouchRecipients"/> follows for every task once all entries are on their way:
    /// the list's address is in the entry, so asked for in the same pass it would wait for the entry, task after task.
    /// </summary>
    public void TouchEntry(int room)
    {
        int slot = WhereEntryIs(room);
        if (slot >= 0)
        {
            CacheHint.PrefetchValue(ref _entries[slot]);
        }
    }

    /// <summary>Prefetches the room's recipients (<see cref="LocalFanout.TouchRecipients"/>); after
    /// <see cref="TouchEntry"/>.</summary>
    public void TouchRecipients(int room)
    {
        int slot = WhereEntryIs(room);
        if (slot >= 0)
        {
            _entries[slot].Fanout.TouchRecipients();
        }
    }

    /// <summary>Per-task mode: a copy of <paramref name="room"/> waits for the subscriber's read.</summary>
    public void Pend(int room)
    {
        ref RoomEntry entry = ref Entry(room);
        entry.Pending++;
        PendingOverConnections += entry.Connections;
    }

    /// <summary>Per-task mode: the subscriber read a copy of <paramref name="room"/>; it has arrived.</summary>
    public void Read(int room)
    {
        ref RoomEntry entry = ref Entry(room);
        entry.Pending--;
        PendingOverConnections -= entry.Connections;
        entry.Arrived++;
        ArrivedOverConnections += entry.Connections;
        ReleaseIfIdle(room, ref entry);
    }

    /// <summary>A message of <paramref name="room"/> reached this task's writers (per-task mode).</summary>
    public void Arrive(int room)
    {
        ref RoomEntry entry = ref Entry(room);
        entry.Arrived++;
        ArrivedOverConnections += entry.Connections;
        ReleaseIfIdle(room, ref entry);
    }

    /// <summary>
    /// Per-connection mode: a message of <paramref name="room"/> reached the writers of every task; the shared count
    /// has already moved, this task's connections of the room each have one more to send.
    /// </summary>
    public void ArrivedEverywhere(int room) => ArrivedOverConnections += ConnectionsIn(room);

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
        ref RoomEntry entry = ref Entry(room);
        if (entry.Connections++ == 0)
        {
            _holders.Add(room, _task);
            if (_arrivalsAnywhere is not null && entry.Pending == 0)
            {
                // Taken up again with nothing left to read: the room's messages from here on are numbered as the
                // room numbers them, past those that came while this task held none of it.
                entry.Skipped = _arrivalsAnywhere[room] - entry.Arrived;
            }
        }
        ArrivedOverConnections += _sharedArrivals?[room] ?? entry.Arrived;
        PendingOverConnections += entry.Pending;
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
        ref RoomEntry entry = ref Entry(room);
        if (--entry.Connections == 0)
        {
            _holders.Remove(room, _task);
        }
        ArrivedOverConnections -= _sharedArrivals?[room] ?? entry.Arrived;
        PendingOverConnections -= entry.Pending;
        ReleaseIfIdle(room, ref entry);
    }

    /// <summary>The room's cell in the shared entries (only with them).</summary>
    private int CellOf(int room) => _shared!.CellOf(room, _task);

    /// <summary>Where the room's entry is in the entries (shared: its cell, kept or not), or -1: only to read ahead.
    /// </summary>
    private int WhereEntryIs(int room) => _slots is null ? CellOf(room) : _slots.Find(room);

    /// <summary>Where the room's entry is in the entries (shared: its cell, which reads as none when not kept), or -1
    /// when the task keeps none.</summary>
    private int SlotOf(int room)
    {
        if (_slots is null)
        {
            return CellOf(room);
        }
        if (room != _lastRoom)
        {
            _lastSlot = _slots.Find(room);
            _lastRoom = room;
        }
        return _lastSlot;
    }

    /// <summary>The room's entry, made (empty) if it has none.</summary>
    private ref RoomEntry Entry(int room)
    {
        if (_slots is null)
        {
            ref RoomEntry cell = ref _entries[CellOf(room)];
            if (cell.Connections == 0 && cell.Pending == 0)
            {
                // Not kept (a kept entry has a connection or a copy to read between calls; one that had neither went):
                // taken up now, at its default value.
                _kept++;
            }
            return ref cell;
        }
        int slot = SlotOf(room);
        if (slot < 0)
        {
            slot = _lastSlot = _slots.Add(room);
            if (slot == _entries.Length)
            {
                Array.Resize(ref _entries, 2 * _entries.Length);
            }
        }
        return ref _entries[slot];
    }

    /// <summary>
    /// The room's entry goes once no connection here forwards it and no copy of it waits for the read: nothing refers
    /// to it, and taken up again it starts from nothing (its messages numbered past those it missed, as before).
    /// </summary>
    private void ReleaseIfIdle(int room, ref RoomEntry entry)
    {
        if (!_releasesIdleRooms || entry.Connections > 0 || entry.Pending > 0)
        {
            return;
        }
        entry = default;
        if (_slots is null)
        {
            _kept--;
            return;
        }
        _slots.Remove(room);
        _lastRoom = -1;
    }
}
