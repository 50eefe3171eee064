using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class RoomDealTests
{
    [Fact]
    public void Rooms_are_dealt_the_largest_room_first_to_the_task_with_the_fewest_members()
    {
        // 5 -> task 0; 3 -> task 1; 3 -> task 1 (3 < 5); 1 -> task 0 (5 < 6).
        Assert.Equal([0, 1, 1, 0], RoomDeal.TaskOfRoom([5, 3, 3, 1], 2));
    }

    [Fact]
    public void A_greedy_deal_leaves_no_task_more_than_one_room_above_another()
    {
        int[] sizes = [.. Enumerable.Range(1, 40).Select(i => 1 + i * 7 % 23)];
        int[] deal = RoomDeal.TaskOfRoom(sizes, 6);
        long[] members = new long[6];
        for (int room = 0; room < sizes.Length; room++)
        {
            members[deal[room]] += sizes[room];
        }
        int largest = sizes.Max();
        Assert.True(members.Max() - members.Min() <= largest, string.Join(", ", members));
    }
}
