using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>Which room a virtual user is in and which url each of its connections dials.</summary>
public class RoomPlacementTests
{
    private static readonly Uri[] s_twoServers =
        [new("ws://127.0.0.1:5001/ws/chat"), new("ws://127.0.0.1:5002/ws/chat")];

    [Fact]
    public void Users_fill_rooms_class_by_class_in_contiguous_blocks()
    {
        var rooms = new RoomLayout(RunSetups.RoomClasses([new RunRoomClass(2, 3), new RunRoomClass(1, 4)]));
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], Enumerable.Range(0, 10).Select(rooms.RoomOf));
        Assert.Equal([0, 0, 1], Enumerable.Range(0, 3).Select(rooms.ClassOf));
        Assert.Equal((10, 3, 2), (rooms.Users, rooms.Count, rooms.Classes));
    }

    [Theory]
    [InlineData("30x10,1x100")]
    [InlineData("1x7")]
    [InlineData("3x1,2x5,4x2")]
    public void Room_sizes_are_the_ones_the_model_rebuilds_from_the_run_file(string spec)
    {
        IReadOnlyList<RunRoomClass> classes = RoomSpec.Parse(spec, out _)!;
        int users = (int)RoomSpec.Members(classes);
        var setup = new RunSetup("t", users, 1, 10, 1, 2, SubscriptionMode.PerConnection, LoadBalancing.RoomAffine, 1,
            null, "local", "local", 1, 0, 2, RedisLink.Unshaped, Rooms: classes);
        // The model's RoomLayout places its users in these sizes, in this order, in contiguous blocks.
        int[] modelSizes = RunSetups.Workload(setup).RoomClasses.SelectMany(c => c.RoomSizes()).ToArray();
        var rooms = new RoomLayout(RunSetups.RoomClasses(classes));
        Assert.Equal(modelSizes, rooms.Sizes);
        int[] modelRoomOfUser = modelSizes.SelectMany((size, room) => Enumerable.Repeat(room, size)).ToArray();
        Assert.Equal(modelRoomOfUser, Enumerable.Range(0, users).Select(rooms.RoomOf));
    }

    [Fact]
    public void A_rooms_url_replaces_the_last_segment_with_the_rooms_name()
    {
        Assert.Equal("ws://127.0.0.1:5001/ws/chat-12?x=1", RoomUrl.Of(new Uri("ws://127.0.0.1:5001/ws/chat?x=1"), 12)
            .ToString());
        Assert.Equal("ws://127.0.0.1:5001/ws/room-0", RoomUrl.Of(new Uri("ws://127.0.0.1:5001/ws/"), 0).ToString());
    }

    [Fact]
    public void Round_robin_takes_the_next_server_whatever_the_room()
    {
        var rooms = new RoomLayout(RunSetups.RoomClasses([new RunRoomClass(2, 2)]));
        var balancer = new UrlBalancer(s_twoServers, LoadBalancing.RoundRobin, rooms);
        // Users 0..3 dial in turn: rooms 0, 0, 1, 1 on servers 1, 2, 1, 2.
        string[] dialled = Enumerable.Range(0, 4).Select(u => balancer.Pick(rooms.RoomOf(u)).ToString()).ToArray();
        Assert.Equal(["ws://127.0.0.1:5001/ws/chat-0", "ws://127.0.0.1:5002/ws/chat-0",
            "ws://127.0.0.1:5001/ws/chat-1", "ws://127.0.0.1:5002/ws/chat-1"], dialled);
    }

    [Fact]
    public void Room_affine_puts_every_connection_of_a_room_on_the_server_the_model_deals_it_to()
    {
        // Rooms of 2, 2 and 5 members: the model deals the 5 to task 0, then the 2s to task 1 (fewest members).
        var rooms = new RoomLayout(RunSetups.RoomClasses([new RunRoomClass(2, 2), new RunRoomClass(1, 5)]));
        var balancer = new UrlBalancer(s_twoServers, LoadBalancing.RoomAffine, rooms);
        int[] ports = Enumerable.Range(0, 9).Select(u => balancer.Pick(rooms.RoomOf(u)).Port).ToArray();
        Assert.Equal([5002, 5002, 5002, 5002, 5001, 5001, 5001, 5001, 5001], ports);
        // A second session of user 0 goes where its first did.
        Assert.Equal("ws://127.0.0.1:5002/ws/chat-0", balancer.Pick(rooms.RoomOf(0)).ToString());
    }

    [Fact]
    public void Without_rooms_the_urls_are_dialled_as_given()
    {
        Uri[] urls = [new("ws://127.0.0.1:5001/ws/room1"), new("ws://127.0.0.1:5002/ws/room1")];
        var balancer = new UrlBalancer(urls, LoadBalancing.RoundRobin, rooms: null);
        Assert.Equal([urls[0], urls[1], urls[0]], Enumerable.Range(0, 3).Select(_ => balancer.Pick(0)));
    }

    [Fact]
    public void The_sender_of_a_message_is_read_from_what_the_user_sent()
    {
        Assert.Equal(42, MessageSender.Of(LatencyStamp.Template(42)));
        Assert.Equal(0, MessageSender.Of("{\"user\":0,\"text\":\"AAAAA\"}"u8));
        Assert.Null(MessageSender.Of("{\"text\":\"hi\",\"user\":3}"u8));
        Assert.Null(MessageSender.Of("{\"user\":-3,\"text\":\"x\"}"u8));
        Assert.Null(MessageSender.Of("{\"user\":\"x\"}"u8));
    }
}
