using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class RoomSlotsTests
{
    public static TheoryData<bool> BothIndexes => [false, true];

    // Its own hash table, or its column (task 1 of 3) of a dense index shared with two other tasks.
    private static RoomSlots Slots(bool dense, int rooms) =>
        dense ? new RoomSlots(new RoomTaskSlots(rooms, tasks: 3), task: 1) : new RoomSlots();

    [Theory]
    [MemberData(nameof(BothIndexes))]
    public void Every_room_held_finds_its_own_slot_and_a_room_let_go_finds_none(bool dense)
    {
        RoomSlots slots = Slots(dense, rooms: 2_000 * 977 + 1);
        var held = new Dictionary<int, int>();
        var random = new Random(11);
        for (int step = 0; step < 20_000; step++)
        {
            // Rooms from a wide range, so runs of colliding cells form, grow and are shifted back on removal.
            int room = random.Next(2_000) * 977;
            if (held.Remove(room))
            {
                slots.Remove(room);
            }
            else
            {
                held[room] = slots.Add(room);
            }
            if (step % 97 == 0)
            {
                foreach ((int r, int slot) in held)
                {
                    Assert.Equal(slot, slots.Find(r));
                }
                Assert.Equal(held.Count, slots.Count);
            }
            Assert.Equal(-1, slots.Find(room + 1));
        }
        Assert.Equal(held.Count, held.Values.Distinct().Count());
        Assert.All(held.Values, slot => Assert.InRange(slot, 0, slots.Issued - 1));
    }

    [Theory]
    [MemberData(nameof(BothIndexes))]
    public void Slots_let_go_are_given_again_so_slots_stay_as_few_as_the_rooms_held_at_once(bool dense)
    {
        RoomSlots slots = Slots(dense, rooms: 100_000);
        for (int round = 0; round < 100; round++)
        {
            for (int room = 0; room < 50; room++)
            {
                slots.Add(round * 1_000 + room);
            }
            for (int room = 0; room < 50; room++)
            {
                slots.Remove(round * 1_000 + room);
            }
        }
        Assert.Equal(50, slots.Issued);
        Assert.Equal(0, slots.Count);
    }

    [Fact]
    public void Tasks_sharing_a_dense_index_keep_their_own_slots_for_the_same_room()
    {
        var index = new RoomTaskSlots(rooms: 10, tasks: 3);
        RoomSlots[] tasks = [.. Enumerable.Range(0, 3).Select(t => new RoomSlots(index, t))];
        tasks[2].Add(4);
        int first = tasks[0].Add(7);
        int second = tasks[0].Add(4);
        Assert.Equal(0, tasks[2].Find(4));
        Assert.Equal(-1, tasks[1].Find(4));
        tasks[0].Remove(7);
        Assert.Equal(-1, tasks[0].Find(7));
        Assert.Equal(second, tasks[0].Find(4));
        Assert.Equal(0, tasks[2].Find(4));
        Assert.Equal(first, tasks[0].Add(9));
    }

    [Fact]
    public void A_dense_index_is_kept_only_for_several_tasks_and_up_to_its_cell_limit()
    {
        Assert.NotNull(RoomTaskSlots.For(rooms: 100_000, tasks: 20));
        Assert.Null(RoomTaskSlots.For(rooms: 100_000, tasks: 1));
        Assert.Null(RoomTaskSlots.For(rooms: 1_100_000, tasks: 20));
        Assert.NotNull(RoomTaskSlots.For(rooms: (int)(RoomTaskSlots.MostCells / 64), tasks: 64));
    }
}
