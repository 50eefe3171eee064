namespace FanoutSim.Model.Chat;

/// <summary>
/// Each task's slot for each room (<see cref="RoomSlots"/>), in one array with a room's tasks side by side: a message
/// visits the tasks holding its room one after the other, so their look-ups share a cache line or two instead of
/// each reading a cell of its own task's hash table, scattered over tens of megabytes. One int per (room, task), so
/// kept only where that stays small (<see cref="For"/>).
/// </summary>
internal sealed class RoomTaskSlots
{
    /// <summary>Most cells kept (64 MB): a service of a million rooms on twenty tasks needs a third of it at most.
    /// </summary>
    public const long MostCells = 1L << 24;

    // Each (room, task)'s slot plus one (0 = none), so a new array means no room has a slot.
    private readonly int[] _cells;
    private readonly int _tasks;

    public RoomTaskSlots(int rooms, int tasks)
    {
        _cells = new int[(long)rooms * tasks];
        _tasks = tasks;
    }

    /// <summary>The index for a run of <paramref name="rooms"/> rooms on <paramref name="tasks"/> tasks, or null
    /// when it would take more than <see cref="MostCells"/> cells (each task then keeps its own hash table).</summary>
    public static RoomTaskSlots? For(int rooms, int tasks) =>
        tasks > 1 && (long)rooms * tasks <= MostCells ? new RoomTaskSlots(rooms, tasks) : null;

    /// <summary>The task's slot for the room, or -1 when it has none.</summary>
    public int Get(int room, int task) => _cells[room * _tasks + task] - 1;

    /// <summary>Gives the room the slot on the task (-1: takes it back).</summary>
    public void Set(int room, int task, int slot) => _cells[room * _tasks + task] = slot + 1;
}
