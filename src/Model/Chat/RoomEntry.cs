namespace FanoutSim.Model.Chat;

/// <summary>
/// One task's state for one room (<see cref="ForwardingState"/>): its counts side by side with its local fan-out, so a
/// message touches one entry per task. The default value is no entry (40 bytes).
/// </summary>
internal struct RoomEntry
{
    public int Arrived;
    public int Connections;

    // Per-task mode: copies of the room waiting for the subscriber's read.
    public int Pending;

    // Per-task mode with a subscription per room: the room's messages that came while this task held none of it.
    public int Skipped;

    // Per-task mode writing every copy in the subscriber lane: the room's members here, in join order.
    public LocalFanout Fanout;
}
