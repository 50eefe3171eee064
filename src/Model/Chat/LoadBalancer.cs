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
        _taskOfRoom = policy == LoadBalancing.RoomAffine ? DealRooms(rooms, openConnections.Length) : null;
    }

    /// <summary>The task a new connection to <paramref name="room"/> goes to.</summary>
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

    /// <summary>
    /// Largest room first, each to the task with the fewest members so far (ties to the lower task): the greedy
    /// balance a room-sharded service uses, fixed before the run so every session of a room lands on one task.
    /// </summary>
    internal static int[] DealRooms(RoomLayout rooms, int tasks)
    {
        // OrderByDescending is stable: equal sizes keep room order, so the deal is the same on every machine.
        IEnumerable<int> order = Enumerable.Range(0, rooms.Count).OrderByDescending(rooms.SizeOf);
        var load = new PriorityQueue<int, (long Members, int Task)>(tasks);
        for (int task = 0; task < tasks; task++)
        {
            load.Enqueue(task, (0, task));
        }
        int[] taskOfRoom = new int[rooms.Count];
        foreach (int room in order)
        {
            load.TryDequeue(out int task, out (long Members, int Task) held);
            taskOfRoom[room] = task;
            load.Enqueue(task, (held.Members + rooms.SizeOf(room), task));
        }
        return taskOfRoom;
    }
}
