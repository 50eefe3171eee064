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

    private static ScenarioException ClassRefusal(Scenario s) =>
        Assert.Throws<ScenarioException>(() => ScenarioRules.Check(s));

    [Fact]
    public void A_poisson_class_under_a_jittered_top_level_is_refused_in_its_class()
    {
        Scenario s = Rooms(20, new RoomClass(1, 10),
            new RoomClass(1, 10) { Sending = new(Sends: SendProcess.Poisson) });
        ScenarioException e = ClassRefusal(s with { Workload = s.Workload with { SendJitterSeconds = 0.2 } });
        Assert.Equal(("send_jitter", (int?)1), (e.Key, e.RoomClass));
        ScenarioRules.Check(s);
    }

    [Fact]
    public void A_class_jitter_longer_than_its_own_interval_is_refused()
    {
        ScenarioException e = ClassRefusal(Rooms(10,
            new RoomClass(1, 10) { Sending = new(IntervalSeconds: 0.5, JitterSeconds: 0.6) }));
        Assert.Equal(("send_jitter", (int?)0), (e.Key, e.RoomClass));
    }

    [Fact]
    public void A_class_message_size_needs_a_fluid_link_and_a_profile_whose_copies_carry_its_measured_message()
    {
        Scenario s = Rooms(10, new RoomClass(1, 10) { MessageSize = new MessageSize(500) });
        ScenarioRules.Check(s);
        Scenario shaped = s with
        {
            Deployment = s.Deployment with
            {
                RedisNode = s.Deployment.RedisNode with { Shaping = new EgressShaping(16_384, 262_144, null) },
            },
        };
        Assert.Equal("message_bytes", Refusal(shaped));
        Assert.Equal("message_bytes", Refusal(s with { Profile = s.Profile with { MessageBytes = 400 } }));
    }

    [Fact]
    public void A_copy_of_the_measured_message_size_is_the_profile_copy_and_grows_byte_for_byte()
    {
        CostProfile p = TestScenarios.Python;
        Assert.Equal(p.RedisBytesPerCopy, p.RedisCopyBytes(shaped: false, p.MessageBytes));
        Assert.Equal(p.RedisBytesPerCopy + 1000, p.RedisCopyBytes(shaped: false, p.MessageBytes + 1000));
    }
}
