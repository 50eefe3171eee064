using System.Numerics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// For each room, the tasks that hold at least one of its forwarding connections, in task order: the only tasks a
/// message of the room can do anything on, so an arrival visits them and not every task of a large service.
/// </summary>
internal sealed class RoomHolders
{
    // Up to 64 tasks: one bit per task in one word per room (no object per room: a service of a million rooms keeps
    // a million fewer objects alive for the collector to trace). More tasks: a sorted list per room.
    private readonly ulong[]? _maskOf;
    private readonly List<int>?[]? _tasksIn;

    // One visit's copy of a room's holders: a task acting on the message may leave the room meanwhile.
    private readonly int[] _visit;

    public RoomHolders(int rooms, int tasks)
    {
        if (tasks <= 64)
        {
            _maskOf = new ulong[rooms];
        }
        else
        {
            _tasksIn = new List<int>?[rooms];
        }
        _visit = new int[tasks];
        Entries = RoomTaskEntries.For(rooms, tasks);
    }

    /// <summary>Each task's entry for each room, side by side per room, where the run can afford them (else null).
    /// </summary>
    public RoomTaskEntries? Entries { get; }

    /// <summary><paramref name="task"/> now holds a connection of <paramref name="room"/> (it held none).</summary>
    public void Add(int room, int task)
    {
        if (_maskOf is not null)
        {
            _maskOf[room] |= 1UL << task;
            return;
        }
        List<int> tasks = _tasksIn![room] ??= new List<int>(2);
        int at = tasks.BinarySearch(task);
        tasks.Insert(~at, task);
    }

    /// <summary><paramref name="task"/> no longer holds a connection of <paramref name="room"/>.</summary>
    public void Remove(int room, int task)
    {
        if (_maskOf is not null)
        {
            _maskOf[room] &= ~(1UL << task);
            return;
        }
        _tasksIn![room]!.Remove(task);
    }

    /// <summary>
    /// The tasks holding <paramref name="room"/> now, ascending, copied so the caller may act on each in turn; valid
    /// until the next call.
    /// </summary>
    public ReadOnlySpan<int> Visit(int room)
    {
        if (_maskOf is not null)
        {
            int count = 0;
            for (ulong mask = _maskOf[room]; mask != 0; mask &= mask - 1)
            {
                _visit[count++] = BitOperations.TrailingZeroCount(mask);
            }
            return _visit.AsSpan(0, count);
        }
        List<int>? tasks = _tasksIn![room];
        if (tasks is null)
        {
            return [];
        }
        tasks.CopyTo(_visit);
        return _visit.AsSpan(0, tasks.Count);
    }
}
