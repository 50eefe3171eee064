using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

public class RoomLayoutTests
{
    [Fact]
    public void Users_fill_the_rooms_class_by_class_in_contiguous_blocks()
    {
        var layout = new RoomLayout(new Workload(13, 1, 10, 1, 0, Rooms: [new RoomClass(2, 5), new RoomClass(1, 3)]));
        Assert.Equal(3, layout.Count);
        Assert.Equal(2, layout.Classes);
        Assert.Equal([5, 5, 3], Enumerable.Range(0, 3).Select(layout.SizeOf));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2], Enumerable.Range(0, 13).Select(layout.RoomOf));
        Assert.Equal([0, 0, 1], Enumerable.Range(0, 3).Select(layout.ClassOf));
    }

    [Fact]
    public void Without_rooms_every_user_is_in_one_room()
    {
        var layout = new RoomLayout(new Workload(7, 1, 10, 1, 0));
        Assert.Equal(1, layout.Count);
        Assert.Equal(7, layout.SizeOf(0));
        Assert.All(Enumerable.Range(0, 7), u => Assert.Equal(0, layout.RoomOf(u)));
    }

    [Fact]
    public void Rooms_of_spread_sizes_hold_their_members_one_block_each()
    {
        var rooms = new RoomClass(3, 0) { Distribution = new UniformRoomSizes(2, 4) };
        var layout = new RoomLayout(new Workload(9, 1, 10, 1, 0, Rooms: [rooms]));
        Assert.Equal([2, 3, 4], Enumerable.Range(0, 3).Select(layout.SizeOf));
        Assert.Equal([0, 0, 1, 1, 1, 2, 2, 2, 2], Enumerable.Range(0, 9).Select(layout.RoomOf));
    }
}
