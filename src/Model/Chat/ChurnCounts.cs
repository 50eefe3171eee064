using FanoutSim.Model.Results;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Reconnects second by second, and which members of each room are away (not in a session: before their first dial,
/// in a reconnect gap, or done): with churn a message is owed only to the members in a session when it is sent, as
/// k6 counts only what a connected client receives.
/// </summary>
internal sealed class ChurnCounts
{
    private readonly BinnedAmount _connects;
    private readonly BinnedAmount _disconnects;
    private readonly int[] _awayIn;

    public ChurnCounts(RoomLayout rooms, double horizonSeconds)
    {
        _connects = new BinnedAmount(1, horizonSeconds);
        _disconnects = new BinnedAmount(1, horizonSeconds);
        // Nobody has dialled yet.
        _awayIn = new int[rooms.Count];
        for (int room = 0; room < rooms.Count; room++)
        {
            _awayIn[room] = rooms.SizeOf(room);
        }
    }

    /// <summary>Members of <paramref name="room"/> not in a session now.</summary>
    public int AwayIn(int room) => _awayIn[room];

    /// <summary>A member of <paramref name="room"/> dials a session; a reconnect when it is not its first.</summary>
    public void Dialled(int room, double now, bool reconnect)
    {
        _awayIn[room]--;
        if (reconnect)
        {
            _connects.Add(now, now, 1);
        }
    }

    /// <summary>A member's session ended; a disconnect of churn when the member will come back.</summary>
    public void Ended(int room, double now, bool reconnects)
    {
        _awayIn[room]++;
        if (reconnects)
        {
            _disconnects.Add(now, now, 1);
        }
    }

    public ChurnMetrics Metrics(double durationSeconds) => new(
        (long)_connects.Total, _connects.Total / durationSeconds, _connects.PeakOver(1),
        (long)_disconnects.Total, _disconnects.Total / durationSeconds, _disconnects.PeakOver(1));
}
