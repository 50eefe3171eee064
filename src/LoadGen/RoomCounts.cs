namespace FanoutSim.LoadGen;

/// <summary>A user's counts in one of its rooms past the first (the first's are <see cref="UserTally"/>'s own).
/// </summary>
internal sealed class RoomCounts
{
    public long Sent;
    public long Received;

    /// <summary>With churn, the copies this user's sends in the room were owed: its members present at each send.
    /// </summary>
    public long Owed;

    /// <summary>Send-to-receipt seconds of every message counted in the room.</summary>
    public readonly List<float> Latencies = new();
}
