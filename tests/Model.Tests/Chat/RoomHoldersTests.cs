using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A room's holders are the tasks with a forwarding connection in it, visited in ascending task order whether they
/// are kept one bit per task (up to 64 tasks) or in a list per room (more).
/// </summary>
public class RoomHoldersTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void A_visit_lists_exactly_the_holding_tasks_ascending(int tasks)
    {
        const int Rooms = 7;
        var holders = new RoomHolders(Rooms, tasks);
        var expected = new SortedSet<int>[Rooms];
        for (int room = 0; room < Rooms; room++)
        {
            expected[room] = [];
        }
        var random = new Random(11);
        for (int step = 0; step < 20_000; step++)
        {
            int room = random.Next(Rooms);
            int task = random.Next(tasks);
            if (expected[room].Add(task))
            {
                holders.Add(room, task);
            }
            else
            {
                expected[room].Remove(task);
                holders.Remove(room, task);
            }
            Assert.Equal(expected[room], holders.Visit(room).ToArray());
        }
        Assert.Contains(expected, set => set.Count > 1);
    }

    [Fact]
    public void A_room_nobody_held_has_no_holders()
    {
        Assert.True(new RoomHolders(rooms: 3, tasks: 64).Visit(2).IsEmpty);
        Assert.True(new RoomHolders(rooms: 3, tasks: 65).Visit(2).IsEmpty);
    }
}
