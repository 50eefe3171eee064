using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

public class LoadBalancerTests
{
    private static RoomLayout Layout(params int[] sizes) =>
        new(new Workload(sizes.Sum(), 1, 10, 1, 0, Rooms: [.. sizes.Select(size => new RoomClass(1, size))]));

    [Fact]
    public void Room_affine_deals_the_largest_room_first_to_the_task_with_the_fewest_members()
    {
        // 5 -> task 0; 3 -> task 1; 3 -> task 1 (3 < 5); 1 -> task 0 (5 < 6).
        Assert.Equal([0, 1, 1, 0], LoadBalancer.DealRooms(Layout(5, 3, 3, 1), 2));
    }

    [Fact]
    public void Room_affine_sends_every_connection_of_a_room_to_its_task()
    {
        RoomLayout rooms = Layout(4, 4, 4);
        var balancer = new LoadBalancer(LoadBalancing.RoomAffine, new int[3], rooms);
        int[] deal = LoadBalancer.DealRooms(rooms, 3);
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

    [Fact]
    public void A_greedy_deal_leaves_no_task_more_than_one_room_above_another()
    {
        RoomLayout rooms = Layout([.. Enumerable.Range(1, 40).Select(i => 1 + i * 7 % 23)]);
        int[] deal = LoadBalancer.DealRooms(rooms, 6);
        long[] members = new long[6];
        for (int room = 0; room < rooms.Count; room++)
        {
            members[deal[room]] += rooms.SizeOf(room);
        }
        int largest = Enumerable.Range(0, rooms.Count).Max(rooms.SizeOf);
        Assert.True(members.Max() - members.Min() <= largest, string.Join(", ", members));
    }
}
