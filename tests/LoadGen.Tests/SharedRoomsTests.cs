using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>
/// Users in several rooms for real (`members: shared`, `sends: none`): a user is one connection that joins every room
/// the model places it in, sends in each as its class says, and each room's class counts its own deliveries.
/// </summary>
public class SharedRoomsTests
{
    private static readonly Uri[] s_twoServers =
        [new("ws://127.0.0.1:5001/ws/chat"), new("ws://127.0.0.1:5002/ws/chat")];

    /// <summary>4 groups of 5 (rooms 0-3, a message every second) and each of the 20 users in a personal room
    /// (rooms 4-23) that carries nothing: rooms-personal-and-group, scaled down.</summary>
    private static Workload PersonalAndGroup() => new(20, 1, 10, 1, 0, Rooms:
    [
        new RoomClass(4, 5),
        new RoomClass(20, 1)
        {
            Membership = RoomMembership.Shared,
            Sending = new SendOverride(Sends: SendProcess.None),
        },
    ]);

    private static LoadPlan Plan(Workload w) =>
        new(s_twoServers, w.Users, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 1, TimeSpan.Zero,
            TimeSpan.FromSeconds(60), 7)
        {
            Rooms = RunRoomClasses.Of(w.Rooms!),
        };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_user_is_in_the_rooms_the_model_places_it_in(bool wrapping)
    {
        // Wrapping: 2 rooms of 3, then shared rooms of 4 and 4 filled from users 0-5, 0-3 and then 4, 5, 0, 1.
        Workload scenario = wrapping
            ? new Workload(6, 1, 10, 1, 0, Rooms:
            [
                new RoomClass(2, 3),
                new RoomClass(2, 4) { Membership = RoomMembership.Shared },
            ])
            : PersonalAndGroup();
        // The load generator places from what the run file records; the model from the scenario.
        var real = new RoomLayout(Plan(scenario).Workload);
        var model = new RoomLayout(scenario);
        Assert.Equal(model.Users, real.Users);
        for (int u = 0; u < model.Users; u++)
        {
            Assert.Equal(model.RoomsOf(u), real.RoomsOf(u));
            Assert.Equal(model.RoomsOf(u), LoadRunner.Seats(Plan(scenario), Plan(scenario).Workload, real, u)
                .Select(s => s.Room));
        }
        if (wrapping)
        {
            Assert.Equal([[0, 2, 3], [0, 2, 3], [0, 2], [1, 2], [1, 3], [1, 3]],
                Enumerable.Range(0, 6).Select(u => real.RoomsOf(u).ToArray()));
        }
        else
        {
            // User 7: group 1, and personal room 4 + 7.
            Assert.Equal([1, 11], real.RoomsOf(7));
        }
    }

    [Fact]
    public void A_user_in_several_rooms_names_each_rooms_frames_and_joins_the_rooms_past_its_first()
    {
        LoadPlan plan = Plan(PersonalAndGroup());
        var rooms = new RoomLayout(plan.Workload);
        UserRoom[] seats = LoadRunner.Seats(plan, plan.Workload, rooms, 7);
        Assert.Equal("chat-1\n"u8.ToArray(), seats[0].Line);
        Assert.Equal("chat-11\n"u8.ToArray(), seats[1].Line);
        // The group sends; the personal room (sends: none) sends nothing.
        Assert.Equal([true, false], seats.Select(s => s.Clock.Sends));
        // A frame is the room's line and then the message, the message as a user in one room sends it.
        ReadOnlyMemory<byte> frame = seats[0].Payload.Next();
        Assert.True(frame.Span.StartsWith("chat-1\n{\"user\":7,\"text\":\""u8));
        Assert.Equal(LatencyStamp.Template(7).Length, frame.Length - seats[0].Line.Length);
        string joins = RoomUrl.Joins(s_twoServers[0], seats.Skip(1).Select(s => s.Room));
        var balancer = new UrlBalancer(s_twoServers, LoadBalancing.RoundRobin, rooms);
        Assert.Equal("ws://127.0.0.1:5001/ws/chat-1?join=chat-11", balancer.Pick(seats[0].Room, joins).ToString());
        Assert.Equal("ws://127.0.0.1:5002/ws/chat-1?x=1&join=chat-11",
            RoomUrl.Joining(new Uri("ws://127.0.0.1:5002/ws/chat-1?x=1"), joins).ToString());
    }

    [Fact]
    public void A_user_in_one_room_sends_bare_messages_from_the_streams_it_always_had()
    {
        LoadPlan plan = Plan(new Workload(10, 1, 10, 1, 0, Rooms: [new RoomClass(2, 5)]));
        UserRoom seat = Assert.Single(LoadRunner.Seats(plan, plan.Workload, new RoomLayout(plan.Workload), 3));
        Assert.Empty(seat.Line);
        Assert.Equal(LatencyStamp.Template(3), seat.Payload.Next().ToArray());
    }

    [Fact]
    public void Room_affine_deals_rooms_by_the_members_they_are_first_to_as_the_model_does()
    {
        // Rooms of 2 and 5, then a shared room of 6. Dealt by size the shared room would go first to server 1 and
        // both rooms of members to server 2; the model places a user by its first room and deals the shared room
        // no one: the 5 to server 1, the 2 to server 2.
        var rooms = new RoomLayout(RunSetups.RoomClasses(
            [new RunRoomClass(1, 2), new RunRoomClass(1, 5), new RunRoomClass(1, 6, "shared")]));
        var balancer = new UrlBalancer(s_twoServers, LoadBalancing.RoomAffine, rooms);
        Assert.Equal([5002, 5002, 5001, 5001, 5001, 5001, 5001],
            Enumerable.Range(0, 7).Select(u => balancer.Pick(rooms.RoomOf(u)).Port));
        Assert.Equal([1, 0, 1], RoomDeal.TaskOfRoom(rooms.FirstMembers, 2).AsEnumerable());
    }

    [Fact]
    public void Each_send_is_owed_to_every_member_of_its_room_and_counted_in_its_rooms_class()
    {
        // Users 0-4 in group 0, 5-9 in group 1; shared class: rooms of 2 (users 0-1, 2-3, 4-5, 6-7, 8-9).
        Workload w = new(10, 1, 10, 1, 0, Rooms:
        [
            new RoomClass(2, 5),
            new RoomClass(5, 2) { Membership = RoomMembership.Shared },
        ]);
        var rooms = new RoomLayout(w);
        UserTally[] users = Enumerable.Range(0, 10).Select(u => new UserTally(2) { Sent = 1, Received = 10 })
            .ToArray();
        foreach (UserTally t in users)
        {
            t.Further[0].Sent = 3;
            t.Further[0].Received = 6;
            t.Further[0].Latencies.Add(0.5f);
        }
        IReadOnlyList<RoomClassTally> classes = RoomClassTally.Of(rooms, users);
        // Groups: 10 sends owed to 5 members each; pairs: 30 sends owed to 2 members each.
        Assert.Equal((10L, 100L, 50L), (classes[0].Sent, classes[0].Received, classes[0].Expected));
        Assert.Equal((30L, 60L, 60L), (classes[1].Sent, classes[1].Received, classes[1].Expected));
        Assert.Equal(10, classes[1].Latencies.Count);
        Assert.Empty(classes[0].Latencies);
    }

    [Fact]
    public void A_scenario_with_shared_rooms_is_driven_and_its_users_are_the_members_of_the_other_classes()
    {
        Workload w = PersonalAndGroup();
        LoadArguments.Validated? v = new LoadArguments
        {
            Urls = ["ws://127.0.0.1:5001/ws/room"],
            Users = w.Users,
            RoomsFrom = w,
            RoomsFromFile = "personal.yaml",
        }.Validate(out List<string> errors);
        Assert.Empty(errors);
        Assert.Equal(20, v!.Plan.Users);
        Assert.Equal(["shared"], v.Plan.Rooms!.Where(c => c.Members is not null).Select(c => c.Members));
        Assert.Equal(SendProcess.None, v.Plan.Rooms![1].Sends);
    }
}
