using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Churn with users in several rooms: a user's one connection holds all its rooms, so when its session ends it is
/// away from every one of them (a per-task server unsubscribes each room whose last local member left, a
/// per-connection subscriber's subscriptions all go) and it comes back to all of them; a message is owed to the
/// members of its room in a session when it is sent, each membership counted.
/// </summary>
public class SharedRoomsChurnTests
{
    // Sessions and gaps of 10 s on average: a member is present about half the time.
    private static readonly DurationLaw s_session = new ExponentialDuration(10);
    private static readonly DurationLaw s_gap = new ExponentialDuration(10);

    private static RoomClass Groups(bool shared) => new(8, 5)
    {
        Membership = shared ? RoomMembership.Shared : RoomMembership.New,
    };

    private static RoomClass Personal(bool shared) => new(40, 1)
    {
        Membership = shared ? RoomMembership.Shared : RoomMembership.New,
    };

    private static Scenario Churning(SubscriptionMode mode, ulong seed = 3, params RoomClass[] rooms)
    {
        Scenario s = TestScenarios.Room(1, tasks: 2, mode: mode, profile: TestScenarios.Instant, ramp: 1, seed: seed);
        return s with
        {
            Workload = s.Workload with
            {
                Users = (int)RoomClass.UsersOf(rooms),
                Rooms = rooms,
                SessionSeconds = s_session.MeanSeconds,
                SessionLaw = s_session,
                Reconnect = s_gap,
                RunSeconds = 200,
            },
        };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void A_shared_room_of_one_is_owed_each_of_its_sends_once_as_its_member_is_there_to_send(
        SubscriptionMode mode)
    {
        // Groups place the users; each is also in a personal room of one. Whoever sends is in a session, in all its
        // rooms: its personal room owes exactly one copy a send (counting it away there would owe none).
        ChatOutcome o = Run(Churning(mode, rooms: [Groups(shared: false), Personal(shared: true)]));
        IReadOnlyList<RoomClassMetrics> classes = o.RoomClasses!;
        Assert.True(classes[1].Sent > 1000, $"{classes[1].Sent} sends");
        Assert.Equal(classes[1].Sent, classes[1].Expected);
        Assert.InRange(classes[1].Received, classes[1].Expected * 0.97, classes[1].Expected);
    }

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void A_shared_group_is_owed_a_copy_for_each_member_present_when_a_message_is_sent(SubscriptionMode mode)
    {
        // Personal rooms place the users, groups of five are shared. A send owes its sender's copy and one for each
        // other member present, each present about half the time (an independent count: 1 + 4 x 10 / (10 + 10)).
        ChatOutcome o = Run(Churning(mode, rooms: [Personal(shared: false), Groups(shared: true)]));
        RoomClassMetrics groups = o.RoomClasses![1];
        double perSend = groups.Expected / groups.Sent;
        Assert.InRange(perSend, 2.7, 3.3);
        // A fast server delivers what is owed, and never more.
        Assert.InRange(groups.Received, groups.Expected * 0.95, groups.Expected);
        Assert.Equal(o.Metrics.Expected, (long)o.RoomClasses!.Sum(c => c.Expected));
    }

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void No_room_keeps_a_subscription_while_all_its_members_are_away(SubscriptionMode mode)
    {
        // Large enough for the run to report its progress (every 65,536 events) a few times.
        RoomClass[] rooms = [new(80, 5), new(400, 1) { Membership = RoomMembership.Shared }];
        var simulation = new ChatSimulation(Churning(mode, rooms: rooms), 3);
        ChatContext context = simulation.Context;
        int checks = 0;
        int emptied = 0;
        void Check()
        {
            checks++;
            for (int room = 0; room < context.Rooms.Count; room++)
            {
                if (context.Counters.Churn!.AwayIn(room) == context.Rooms.SizeOf(room))
                {
                    emptied++;
                    Assert.Equal(0, context.Redis.SubscribersIn(room));
                }
            }
        }
        simulation.ReportProgress(_ => Check()).Run();
        Check();
        Assert.True(checks > 2, $"{checks} checks");
        // Personal rooms empty whenever their user is between sessions; at the end every room is empty.
        Assert.True(emptied > context.Rooms.Count, $"{emptied} empty rooms seen");
    }

    [Fact]
    public void A_per_task_server_times_copies_from_their_own_sends_after_taking_a_room_up_again()
    {
        // Tasks drop and take up rooms as members come and go; a fast server's deliveries take a client trip and a
        // few Redis trips, not the seconds of a message numbered from before the task's gap in the room.
        ChatOutcome o = Run(Churning(SubscriptionMode.PerTask, rooms: [Personal(shared: false), Groups(shared: true)]));
        Assert.InRange(o.Latency!.P99, 0, 0.2);
        Assert.InRange(o.Latency.Max, 0, 0.5);
    }

    [Fact]
    public void Churn_with_shared_rooms_is_reproducible_by_seed()
    {
        RoomClass[] rooms = [Personal(shared: false), Groups(shared: true)];
        ChatOutcome a = Run(Churning(SubscriptionMode.PerTask, 5, rooms));
        ChatOutcome b = Run(Churning(SubscriptionMode.PerTask, 5, rooms));
        ChatOutcome c = Run(Churning(SubscriptionMode.PerTask, 6, rooms));
        Assert.Equal(a.Metrics, b.Metrics);
        Assert.Equal(a.Resources, b.Resources);
        Assert.Equal(a.RoomClasses, b.RoomClasses);
        Assert.NotEqual(a.Metrics.WsMsgsSent, c.Metrics.WsMsgsSent);
    }
}
