using FanoutSim.Model.Results;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Reconnects second by second, and which members of each room are away (not in a session: before their first dial,
/// in a reconnect gap, or done; a user in several rooms is away from all of them at once): with churn a message is
/// owed only to the members in a session when it is sent, as k6 counts only what a connected client receives.
/// </summary>
internal sealed class ChurnCounts
{
    private readonly BinnedAmount _connects;
    private readonly BinnedAmount _disconnects;
    private readonly int[] _awayIn;
    private readonly RoomLayout _rooms;

    public ChurnCounts(RoomLayout rooms, double horizonSeconds)
    {
        _rooms = rooms;
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

    /// <summary><paramref name="user"/> dials a session, in all its rooms; a reconnect when it is not its first.
    /// </summary>
    public void Dialled(int user, double now, bool reconnect)
    {
        Present(user, -1);
        if (reconnect)
        {
            _connects.Add(now, now, 1);
        }
    }

    /// <summary><paramref name="user"/>'s session ended, in all its rooms; a disconnect of churn when the user will
    /// come back.</summary>
    public void Ended(int user, double now, bool reconnects)
    {
        Present(user, +1);
        if (reconnects)
        {
            _disconnects.Add(now, now, 1);
        }
    }

    // One connection holds all of a user's memberships: each of its rooms gains or loses a member with it.
    private void Present(int user, int away)
    {
        _awayIn[_rooms.RoomOf(user)] += away;
        for (int seat = _rooms.ExtraStart(user); seat < _rooms.ExtraStart(user + 1); seat++)
        {
            _awayIn[_rooms.ExtraRoom(seat)] += away;
        }
    }

    public ChurnMetrics Metrics(double durationSeconds) => ChurnRates.Of(_connects, _disconnects, durationSeconds);
}
