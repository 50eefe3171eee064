using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Users in several rooms (a class of shared members): each connection subscribes to every room of its user, sends in
/// each by its class's timing, and is owed a copy of every message of each; a per-task server holds one subscription
/// per room its connections are in.
/// </summary>
public class SharedRoomsTests
{
    public enum Writers
    {
        PerConnection,
        PerTaskFanout,
        PerTaskConnectionWriters,
    }

    private static readonly RoomClass s_personal = new(20, 1);
    private static readonly RoomClass s_silentPersonal =
        new(20, 1) { Sending = new SendOverride(Sends: SendProcess.None) };
    private static readonly RoomClass s_sharedGroups = new(4, 5) { Membership = RoomMembership.Shared };

    private static Scenario Service(int tasks, Writers writers, double vcpu, LoadBalancing balancer,
        params RoomClass[] rooms)
    {
        Scenario s = TestScenarios.Room(1, tasks: tasks, vcpu: vcpu, balancer: balancer, ramp: 1,
            mode: writers == Writers.PerConnection ? SubscriptionMode.PerConnection : SubscriptionMode.PerTask,
            profile: TestScenarios.Python with
            {
                PerTaskWritesQueuePerConnection = writers == Writers.PerTaskConnectionWriters,
            });
        return s with { Workload = s.Workload with { Users = (int)RoomClass.UsersOf(rooms), Rooms = rooms } };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    private static double CopiesPerSend(Scenario s, ChatOutcome o) =>
        o.RedisEgressBytes / o.Metrics.WsMsgsSent / s.CostsOnMachine.RedisBytesPerCopy;

    [Theory]
    [InlineData(Writers.PerConnection)]
    [InlineData(Writers.PerTaskFanout)]
    [InlineData(Writers.PerTaskConnectionWriters)]
    public void A_user_in_two_rooms_receives_both_rooms_messages(Writers writers)
    {
        ChatOutcome o = Run(Service(2, writers, 1, LoadBalancing.RoundRobin, s_personal, s_sharedGroups));
        IReadOnlyList<RoomClassMetrics> classes = o.RoomClasses!;
        // Light load: each class gets what its ticks allow (the racing last tick's own copy never comes back).
        Assert.All(classes, c => Assert.InRange(c.Received / c.Expected, 0.9, 1.0));
        Assert.Equal(o.Metrics.WsMsgsReceived, (long)classes.Sum(c => c.Received));
    }

    [Fact]
    public void Expected_copies_count_every_membership_of_the_room()
    {
        ChatOutcome o = Run(Service(2, Writers.PerConnection, 1, LoadBalancing.RoundRobin, s_personal,
            s_sharedGroups));
        IReadOnlyList<RoomClassMetrics> classes = o.RoomClasses!;
        Assert.Equal(classes[0].Sent * 1, classes[0].Expected);
        Assert.Equal(classes[1].Sent * 5, classes[1].Expected);
        Assert.Equal(o.Metrics.Expected, (long)classes.Sum(c => c.Expected));
        // Every user sends in both of its rooms at the same interval (the racing ticks are drawn room by room).
        Assert.InRange(classes[1].Sent / classes[0].Sent, 0.95, 1.05);
        Assert.Equal(o.Metrics.WsMsgsSent, (long)classes.Sum(c => c.Sent));
    }

    [Fact]
    public void A_class_that_sends_nothing_makes_no_messages_and_expects_none()
    {
        ChatOutcome o = Run(Service(2, Writers.PerConnection, 1, LoadBalancing.RoundRobin, s_silentPersonal,
            s_sharedGroups));
        IReadOnlyList<RoomClassMetrics> classes = o.RoomClasses!;
        Assert.Equal(0, classes[0].Sent);
        Assert.Equal(0, classes[0].Expected);
        Assert.Equal(0, classes[0].Received);
        Assert.True(classes[1].Sent > 0);
        Assert.InRange(o.Metrics.DeliveryRatio, 0.9, 1.0);
    }

    [Fact]
    public void A_per_task_server_subscribes_once_to_each_room_its_connections_are_in()
    {
        // One task holds all four members of each group and each user's personal room: one copy per message whatever
        // the room, where per-connection subscriptions take one per member.
        Scenario perTask = Service(1, Writers.PerTaskFanout, 1, LoadBalancing.RoundRobin, s_personal, s_sharedGroups);
        Assert.InRange(CopiesPerSend(perTask, Run(perTask)), 0.95, 1.0);
        Scenario perConnection = Service(1, Writers.PerConnection, 1, LoadBalancing.RoundRobin, s_personal,
            s_sharedGroups);
        // Half the sends go to rooms of one, half to rooms of five: three copies a send.
        Assert.InRange(CopiesPerSend(perConnection, Run(perConnection)), 2.7, 3.0);
    }

    [Fact]
    public void Room_affine_balancing_places_a_user_by_its_first_room()
    {
        // Groups first: each group whole on one task, and the personal rooms follow their users there.
        RoomClass groups = new(4, 5);
        RoomClass sharedPersonal = new(20, 1)
        {
            Membership = RoomMembership.Shared,
            Sending = new SendOverride(Sends: SendProcess.None),
        };
        Scenario whole = Service(4, Writers.PerTaskFanout, 1, LoadBalancing.RoomAffine, groups, sharedPersonal);
        Assert.InRange(CopiesPerSend(whole, Run(whole)), 0.95, 1.0);
        // Personal rooms first: dealt one by one over the tasks, they spread every group over all four.
        Scenario spread = Service(4, Writers.PerTaskFanout, 1, LoadBalancing.RoomAffine, s_silentPersonal,
            s_sharedGroups);
        Assert.InRange(CopiesPerSend(spread, Run(spread)), 3.5, 4.0);
    }

    [Theory]
    [InlineData(Writers.PerConnection)]
    [InlineData(Writers.PerTaskFanout)]
    [InlineData(Writers.PerTaskConnectionWriters)]
    public void Overloaded_tasks_lose_copies_of_both_rooms_and_never_count_more_than_owed(Writers writers)
    {
        ChatOutcome o = Run(Service(2, writers, 0.03, LoadBalancing.RoundRobin, s_personal, s_sharedGroups));
        IReadOnlyList<RoomClassMetrics> classes = o.RoomClasses!;
        Assert.All(classes, c => Assert.InRange(c.Received, 0, c.Expected));
        Assert.True(o.Metrics.DeliveryRatio < 0.8, $"ratio {o.Metrics.DeliveryRatio:P1} at 0.03 vCPU");
        Assert.Equal(o.Metrics.WsMsgsReceived, (long)classes.Sum(c => c.Received));
    }
}
