namespace FanoutSim.Model.Chat;

/// <summary>
/// For each room, the tasks that hold at least one of its forwarding connections, in task order: the only tasks a
/// message of the room can do anything on, so an arrival visits them and not every task of a large service.
/// </summary>
internal sealed class RoomHolders
{
    private readonly List<int>?[] _tasksIn;

    // One visit's copy of a room's holders: a task acting on the message may leave the room meanwhile.
    private readonly int[] _visit;

    public RoomHolders(int rooms, int tasks)
    {
        _tasksIn = new List<int>?[rooms];
        _visit = new int[tasks];
    }

    /// <summary><paramref name="task"/> now holds a connection of <paramref name="room"/> (it held none).</summary>
    public void Add(int room, int task)
    {
        List<int> tasks = _tasksIn[room] ??= new List<int>(2);
        int at = tasks.BinarySearch(task);
        tasks.Insert(~at, task);
    }

    /// <summary><paramref name="task"/> no longer holds a connection of <paramref name="room"/>.</summary>
    public void Remove(int room, int task) => _tasksIn[room]!.Remove(task);

    /// <summary>
    /// The tasks holding <paramref name="room"/> now, ascending, copied so the caller may act on each in turn; valid
    /// until the next call.
    /// </summary>
    public ReadOnlySpan<int> Visit(int room)
    {
        List<int>? tasks = _tasksIn[room];
        if (tasks is null)
        {
            return [];
        }
        tasks.CopyTo(_visit);
        return _visit.AsSpan(0, tasks.Count);
    }
}
