using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>Picks a task for each new WebSocket.</summary>
internal sealed class LoadBalancer
{
    private readonly LoadBalancing _policy;
    private readonly int[] _openConnections;

    // Room-affine: the task that holds each room (null under the other policies).
    private readonly int[]? _taskOfRoom;
    private int _next;

    public LoadBalancer(LoadBalancing policy, int[] openConnections, RoomLayout rooms)
    {
        _policy = policy;
        _openConnections = openConnections;
        _taskOfRoom = policy == LoadBalancing.RoomAffine
            ? RoomDeal.TaskOfRoom(rooms.FirstMembers, openConnections.Length)
            : null;
    }

    /// <summary>The task a new connection to <paramref name="room"/> (its user's first) goes to: room-affine keeps the
    /// rooms of users' first rooms whole, and a shared room's members land where their first rooms are.</summary>
    public int Pick(int room)
    {
        if (_taskOfRoom is not null)
        {
            return _taskOfRoom[room];
        }
        if (_policy == LoadBalancing.RoundRobin)
        {
            int task = _next;
            _next = (_next + 1) % _openConnections.Length;
            return task;
        }
        // Least connections; ties go round-robin so equal tasks share new connections evenly.
        int best = -1;
        for (int i = 0; i < _openConnections.Length; i++)
        {
            int candidate = (_next + i) % _openConnections.Length;
            if (best < 0 || _openConnections[candidate] < _openConnections[best])
            {
                best = candidate;
            }
        }
        _next = (best + 1) % _openConnections.Length;
        return best;
    }
}
