namespace FanoutSim.Model.Chat;

/// <summary>
/// Each task's entry for each room (<see cref="RoomEntry"/>), in one array with a room's tasks side by side: a message
/// visits the tasks holding its room one after the other, so it reads one run of adjacent entries, each found from the
/// room and the task alone, instead of a slot per task (a look-up) and then an entry in that task's own array,
/// scattered over tens of megabytes. One entry per (room, task) whether held or not, so kept only where that stays
/// small (<see cref="For"/>); otherwise each task keeps its own table of slots (<see cref="RoomSlots"/>). Used where a
/// task lets a room's entry go once idle (cleared to the default value, which reads as no entry).
/// </summary>
internal sealed class RoomTaskEntries
{
    /// <summary>Most cells kept (4 M, 160 MB at 40 bytes each): a service of 100,000 rooms on twenty tasks needs half
    /// of it.</summary>
    public const long MostCells = 1L << 22;

    public RoomTaskEntries(int rooms, int tasks)
    {
        Cells = new RoomEntry[(long)rooms * tasks];
        Tasks = tasks;
    }

    /// <summary>Every (room, task)'s entry, room after room, each room's in task order (default: none kept).</summary>
    public RoomEntry[] Cells { get; }

    /// <summary>Tasks of the run: a room's run of cells.</summary>
    public int Tasks { get; }

    /// <summary>The entries for a run of <paramref name="rooms"/> rooms on <paramref name="tasks"/> tasks, or null
    /// when they would take more than <see cref="MostCells"/> cells (each task then keeps its own).</summary>
    public static RoomTaskEntries? For(int rooms, int tasks) =>
        tasks > 1 && (long)rooms * tasks <= MostCells ? new RoomTaskEntries(rooms, tasks) : null;

    /// <summary>Where the task's entry for the room is in <see cref="Cells"/>.</summary>
    public int CellOf(int room, int task) => room * Tasks + task;
}
