namespace FanoutSim.Model.Chat;

/// <summary>
/// What one task has to forward: the messages of each room that reached its writers and the connections they go to.
/// </summary>
internal sealed class ForwardingState
{
    private readonly int[] _arrivedIn;
    private readonly int[] _connectionsIn;

    // Per-task mode: copies of each room waiting for the subscriber's read.
    private readonly int[] _pendingIn;

    public ForwardingState(double bufferLimit, int rooms)
    {
        BufferLimit = bufferLimit;
        _arrivedIn = new int[rooms];
        _connectionsIn = new int[rooms];
        _pendingIn = new int[rooms];
    }

    /// <summary>
    /// Published messages of the (first) room that have reached this task's writers (or were dropped on arrival): the
    /// one room of a per-task subscription.
    /// </summary>
    public int Arrived
    {
        get => _arrivedIn[0];
        set
        {
            ArrivedOverConnections += (long)(value - _arrivedIn[0]) * _connectionsIn[0];
            _arrivedIn[0] = value;
        }
    }

    /// <summary>Connections subscribed and not yet torn down.</summary>
    public int Connections { get; private set; }

    /// <summary>
    /// Messages arrived of each forwarding connection's room, summed over those connections (kept as they change,
    /// so a backlog over many rooms costs nothing to read).
    /// </summary>
    public long ArrivedOverConnections { get; private set; }

    /// <summary>Messages the task's memory can buffer, over all its connections.</summary>
    public double BufferLimit { get; }

    /// <summary>
    /// Per-task mode: copies waiting for the read, each counted once per connection of its room (kept as they change).
    /// </summary>
    public long PendingOverConnections { get; private set; }

    public int ArrivedIn(int room) => _arrivedIn[room];

    public int ConnectionsIn(int room) => _connectionsIn[room];

    /// <summary>Per-task mode: a copy of <paramref name="room"/> waits for the subscriber's read.</summary>
    public void Pend(int room)
    {
        _pendingIn[room]++;
        PendingOverConnections += _connectionsIn[room];
    }

    /// <summary>Per-task mode: the subscriber read a copy of <paramref name="room"/>; it has arrived.</summary>
    public void Read(int room)
    {
        _pendingIn[room]--;
        PendingOverConnections -= _connectionsIn[room];
        Arrive(room);
    }

    /// <summary>A message of <paramref name="room"/> reached this task's writers.</summary>
    public void Arrive(int room)
    {
        _arrivedIn[room]++;
        ArrivedOverConnections += _connectionsIn[room];
    }

    /// <summary>A connection of <paramref name="room"/> starts forwarding.</summary>
    public void Join(int room)
    {
        Connections++;
        _connectionsIn[room]++;
        ArrivedOverConnections += _arrivedIn[room];
        PendingOverConnections += _pendingIn[room];
    }

    /// <summary>A connection of <paramref name="room"/> stops forwarding.</summary>
    public void Leave(int room)
    {
        Connections--;
        _connectionsIn[room]--;
        ArrivedOverConnections -= _arrivedIn[room];
        PendingOverConnections -= _pendingIn[room];
    }
}
