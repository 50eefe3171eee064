using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

public class LoadBalancerTests
{
    private static RoomLayout Layout(params int[] sizes) =>
        new(new Workload(sizes.Sum(), 1, 10, 1, 0, Rooms: [.. sizes.Select(size => new RoomClass(1, size))]));

    [Fact]
    public void Room_affine_sends_every_connection_of_a_room_to_its_task()
    {
        RoomLayout rooms = Layout(4, 4, 4);
        var balancer = new LoadBalancer(LoadBalancing.RoomAffine, new int[3], rooms);
        int[] deal = RoomDeal.TaskOfRoom(rooms.Sizes, 3);
        Assert.Equal([0, 1, 2], deal);
        Assert.All(Enumerable.Range(0, 12), user =>
            Assert.Equal(deal[rooms.RoomOf(user)], balancer.Pick(rooms.RoomOf(user))));
    }

    [Fact]
    public void Round_robin_ignores_the_room()
    {
        var balancer = new LoadBalancer(LoadBalancing.RoundRobin, new int[3], Layout(2, 2, 2));
        Assert.Equal([0, 1, 2, 0], new[] { 0, 0, 0, 0 }.Select(balancer.Pick));
    }
}
