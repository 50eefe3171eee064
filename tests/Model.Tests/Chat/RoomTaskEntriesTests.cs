using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class RoomTaskEntriesTests
{
    [Fact]
    public void Shared_entries_are_kept_only_for_several_tasks_and_up_to_their_cell_limit()
    {
        Assert.NotNull(RoomTaskEntries.For(rooms: 100_000, tasks: 20));
        Assert.Null(RoomTaskEntries.For(rooms: 100_000, tasks: 1));
        Assert.Null(RoomTaskEntries.For(rooms: 1_100_000, tasks: 20));
        Assert.NotNull(RoomTaskEntries.For(rooms: (int)(RoomTaskEntries.MostCells / 64), tasks: 64));
        Assert.Null(RoomTaskEntries.For(rooms: (int)(RoomTaskEntries.MostCells / 64) + 1, tasks: 64));
    }

    [Fact]
    public void A_rooms_tasks_have_adjacent_cells_and_no_two_pairs_share_one()
    {
        var entries = new RoomTaskEntries(rooms: 7, tasks: 3);
        int[] cells = [.. from room in Enumerable.Range(0, 7) from task in Enumerable.Range(0, 3)
            select entries.CellOf(room, task)];
        Assert.Equal(Enumerable.Range(0, 21), cells);
        Assert.Equal(21, entries.Cells.Length);
        // Every cell starts as no entry: nothing forwarded, nothing to read, no fan-out.
        Assert.All(entries.Cells, entry => Assert.True(entry.Connections == 0 && entry.Pending == 0 &&
            entry.Arrived == 0 && !entry.Fanout.Exists));
    }
}
