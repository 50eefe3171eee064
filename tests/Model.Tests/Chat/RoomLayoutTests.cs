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

    [Fact]
    public void A_shared_class_fills_its_rooms_from_earlier_users_contiguously_and_wraps_around()
    {
        // Five users in rooms of one (rooms 0-4), then three shared rooms of two: 5 = {0, 1}, 6 = {2, 3}, 7 = {4, 0}.
        RoomClass[] classes = [new RoomClass(5, 1), new RoomClass(3, 2) { Membership = RoomMembership.Shared }];
        var layout = new RoomLayout(new Workload(5, 1, 10, 1, 0, Rooms: classes));
        Assert.Equal(5, layout.Users);
        Assert.Equal(8, layout.Count);
        Assert.True(layout.SeveralRoomsPerUser);
        Assert.Equal(6, layout.ExtraMemberships);
        Assert.Equal([0, 5, 7], layout.RoomsOf(0));
        Assert.Equal([1, 5], layout.RoomsOf(1));
        Assert.Equal([2, 6], layout.RoomsOf(2));
        Assert.Equal([3, 6], layout.RoomsOf(3));
        Assert.Equal([4, 7], layout.RoomsOf(4));
        Assert.Equal([2, 2, 2], new[] { 5, 6, 7 }.Select(layout.SizeOf));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], Enumerable.Range(0, 8).Select(layout.ClassOf));
    }

    [Fact]
    public void A_shared_class_draws_on_every_class_before_it_and_starts_at_the_first_user()
    {
        // Rooms 0 = {0, 1}, 1 = {2, 3, 4}; shared room 2 = {0, 1, 2, 3}, and after the shared class a new room of two
        // (room 3 = users 5, 6), whose users are in it alone.
        RoomClass[] classes =
        [
            new RoomClass(1, 2), new RoomClass(1, 3), new RoomClass(1, 4) { Membership = RoomMembership.Shared },
            new RoomClass(1, 2),
        ];
        var layout = new RoomLayout(classes);
        Assert.Equal(7, layout.Users);
        Assert.Equal([[0, 2], [0, 2], [1, 2], [1, 2], [1], [3], [3]],
            Enumerable.Range(0, 7).Select(u => layout.RoomsOf(u).ToArray()));
        // Room-affine balancing deals users by their first room: a shared room places nobody.
        Assert.Equal([2, 3, 0, 2], layout.FirstMembers);
    }

    [Fact]
    public void Without_shared_classes_every_user_is_in_its_one_room_only()
    {
        var layout = new RoomLayout([new RoomClass(2, 3)]);
        Assert.False(layout.SeveralRoomsPerUser);
        Assert.Equal(0, layout.ExtraMemberships);
        Assert.All(Enumerable.Range(0, 6), u => Assert.Equal([u / 3], layout.RoomsOf(u)));
        Assert.Same(layout.Sizes, layout.FirstMembers);
    }
}
