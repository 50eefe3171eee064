using FanoutSim.Model.Planning;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class RoomScaleAxisTests
{
    /// <summary>30 rooms of 10 and one room of 100, as scenarios/rooms-service.yaml.</summary>
    internal static Scenario Service(params RoomClass[] classes)
    {
        RoomClass[] rooms = classes.Length > 0 ? classes : [new RoomClass(30, 10), new RoomClass(1, 100)];
        Scenario room = TestScenarios.Room(10, sessions: 1);
        return room with
        {
            Workload = room.Workload with { Rooms = rooms, Users = (int)rooms.Sum(c => c.Members) },
        };
    }

    [Fact]
    public void The_point_counts_rooms_of_the_most_numerous_class_and_its_own_count_is_the_service_as_written()
    {
        var axis = new RoomScaleAxis(Service(), 2, 5000);
        Assert.Equal(30, axis.One);
        Assert.Equal(new RoomClass(30, 10), axis.Reference);
        Assert.Equal(1.0, axis.Scale(30));
        Assert.Equal(Service().Workload.Rooms, axis.At(30).Workload.Rooms);
        Assert.Equal(400, axis.At(30).Workload.Users);
    }

    [Fact]
    public void Every_class_scales_by_k_rounded_with_at_least_one_room_and_its_sizes_unchanged()
    {
        var axis = new RoomScaleAxis(Service(new RoomClass(4, 5), new RoomClass(40, 10), new RoomClass(1, 100)), 2,
            50_000);
        // k = 15 / 40 = 0.375: 4 x 0.375 = 1.5 rounds up to 2; 1 x 0.375 still keeps its one room.
        Assert.Equal([new RoomClass(2, 5), new RoomClass(15, 10), new RoomClass(1, 100)], axis.ClassesAt(15));
        // k = 2.5: 4 x 2.5 = 10, 1 x 2.5 = 2.5 rounds half away from zero to 3.
        Assert.Equal([new RoomClass(10, 5), new RoomClass(100, 10), new RoomClass(3, 100)], axis.ClassesAt(100));
        Scenario at = axis.At(100);
        Assert.Equal(10 * 5 + 100 * 10 + 3 * 100, at.Workload.Users);
        ScenarioRules.Check(at);
    }

    [Fact]
    public void Distributed_sizes_keep_their_law_and_the_users_are_every_member()
    {
        var zipf = new RoomClass(10, 0) { Distribution = new ZipfRoomSizes(1.5, 2, 100) };
        var axis = new RoomScaleAxis(Service(zipf, new RoomClass(5, 10)), 2, 50_000);
        RoomClass scaled = axis.ClassesAt(20)[0];
        Assert.Equal(20, scaled.Count);
        Assert.Equal(zipf.Distribution, scaled.Distribution);
        Assert.Equal(10, axis.ClassesAt(20)[1].Count);
        Assert.Equal(scaled.Members + 100, axis.UsersAt(20));
    }

    [Fact]
    public void The_search_range_is_every_point_whose_users_lie_in_the_limits()
    {
        // Each point adds a room of 10 (and a room of 100 every 30 points): 190 users at point 10 (10 x 10 + 1 x 100).
        var axis = new RoomScaleAxis(Service(), 150, 1000);
        Assert.True(axis.UsersAt(axis.Min) >= 150);
        Assert.True(axis.UsersAt(axis.Min - 1) < 150);
        Assert.True(axis.UsersAt(axis.Max) <= 1000);
        Assert.True(axis.UsersAt(axis.Max + 1) > 1000);
    }

    [Fact]
    public void Limits_that_no_scale_fits_leave_the_range_empty_and_the_search_refuses_it()
    {
        // The smallest service, one room of 10 and one of 100, already has 110 users.
        var axis = new RoomScaleAxis(Service(), 2, 100);
        Assert.True(axis.Max < axis.Min);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CapacitySearch.Find(axis, new TargetRule(0.9, false), _ => throw new InvalidOperationException()));
    }
}
