namespace FanoutSim.Model.Chat;

/// <summary>
/// Room-affine balancing's placement of rooms on tasks, shared by the model and the load generator that reproduces
/// it for real: largest room first, each to the task with the fewest members so far (ties to the lower task), the
/// greedy balance a room-sharded service uses, fixed before the run so every session of a room lands on one task.
/// </summary>
public static class RoomDeal
{
    /// <summary>The task of each room, given every room's size in layout order.</summary>
    public static int[] TaskOfRoom(IReadOnlyList<int> roomSizes, int tasks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        // OrderByDescending is stable: equal sizes keep room order, so the deal is the same on every machine.
        IEnumerable<int> order = Enumerable.Range(0, roomSizes.Count).OrderByDescending(room => roomSizes[room]);
        var load = new PriorityQueue<int, (long Members, int Task)>(tasks);
        for (int task = 0; task < tasks; task++)
        {
            load.Enqueue(task, (0, task));
        }
        int[] taskOfRoom = new int[roomSizes.Count];
        foreach (int room in order)
        {
            load.TryDequeue(out int task, out (long Members, int Task) held);
            taskOfRoom[room] = task;
            load.Enqueue(task, (held.Members + roomSizes[room], task));
        }
        return taskOfRoom;
    }
}
