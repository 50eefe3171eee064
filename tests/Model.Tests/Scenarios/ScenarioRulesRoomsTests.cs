using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Scenarios;

/// <summary>What a workload of rooms must be before it is simulated.</summary>
public class ScenarioRulesRoomsTests
{
    private static Scenario Rooms(int users, params RoomClass[] rooms) =>
        TestScenarios.Room(1) with { Workload = TestScenarios.Room(1).Workload with { Users = users, Rooms = rooms } };

    private static string Refusal(Scenario s) => Assert.Throws<ScenarioException>(() => ScenarioRules.Check(s)).Key;

    [Fact]
    public void Rooms_whose_members_are_the_users_are_accepted() =>
        ScenarioRules.Check(Rooms(105, new RoomClass(10, 10), new RoomClass(1, 5)));

    [Fact]
    public void An_empty_list_a_room_of_no_one_and_no_rooms_of_a_class_are_refused()
    {
        Assert.Equal("rooms", Refusal(Rooms(1)));
        Assert.Equal("rooms", Refusal(Rooms(1, new RoomClass(3, 0))));
        Assert.Equal("rooms", Refusal(Rooms(1, new RoomClass(0, 3))));
    }

    [Fact]
    public void Users_other_than_the_members_are_refused() =>
        Assert.Equal("users", Refusal(Rooms(99, new RoomClass(10, 10))));

    [Fact]
    public void Several_rooms_need_an_unshaped_node()
    {
        Scenario s = Rooms(20, new RoomClass(2, 10));
        Assert.Equal("redis_node", Refusal(s with
        {
            Deployment = s.Deployment with
            {
                RedisNode = s.Deployment.RedisNode with { Shaping = new EgressShaping(16_384, 262_144, null) },
            },
        }));
    }

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void Several_rooms_run_in_either_subscription_mode(SubscriptionMode mode)
    {
        Scenario s = Rooms(20, new RoomClass(2, 10));
        ScenarioRules.Check(s with { Deployment = s.Deployment with { Subscription = mode } });
    }

    [Fact]
    public void One_room_as_a_class_keeps_every_mode() =>
        ScenarioRules.Check(Rooms(20, new RoomClass(1, 20)) with
        {
            Deployment = TestScenarios.Room(1).Deployment with { Subscription = SubscriptionMode.PerTask },
        });
}
