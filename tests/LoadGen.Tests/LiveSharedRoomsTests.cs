using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>
/// Users in several rooms driven against a real redis-server and the real chat server: each user is one connection
/// in its group, its personal room (sends: none) and a pair shared with another user, and each class receives its own
/// rooms' messages only.
/// </summary>
public abstract class LiveSharedRoomsTests(LiveServers servers)
{
    [Fact]
    public async Task One_connection_per_user_carries_every_room_and_each_class_gets_its_own_messages()
    {
        // 20 users: groups of 5 (rooms 0-3) every 0.5 s; personal rooms 4-23, nothing sent; pairs 24-33 every 1 s.
        var plan = new LoadPlan([new Uri(servers.Url("shared"))], 20, TimeSpan.FromSeconds(0.5),
            TimeSpan.FromSeconds(3), 1, TimeSpan.Zero, TimeSpan.FromSeconds(30), 1)
        {
            Rooms =
            [
                new RunRoomClass(4, 5),
                new RunRoomClass(20, 1, "shared") { Sends = SendProcess.None },
                new RunRoomClass(10, 2, "shared") { IntervalSeconds = 1 },
            ],
        };
        LoadResult r = await LoadRunner.RunAsync(plan, new ProbeTargets([], null),
            TestContext.Current.CancellationToken);

        // One session per user, every room joined on it; nothing from a room the receiver is not in.
        Assert.Equal((0L, 20L, 0L), (r.ConnectFailures, r.Sessions, r.Foreign));
        IReadOnlyList<RoomClassTally> classes = r.RoomClasses!;
        Assert.Equal(r.Sent, classes.Sum(c => c.Sent));
        Assert.Equal(r.Received, classes.Sum(c => c.Received));
        // Owed per membership: a group message to its 5 members, a pair's to its 2; the personal rooms owe nothing.
        Assert.Equal((classes[0].Sent * 5, 0L, classes[2].Sent * 2),
            (classes[0].Expected, classes[1].Expected, classes[2].Expected));
        Assert.Equal((0L, 0L), (classes[1].Sent, classes[1].Received));
        (long Certain, int Size)[] sending =
        [
            (K6Schedule.CertainSends(TimeSpan.FromSeconds(0.5), plan.Session), 5),
            (K6Schedule.CertainSends(TimeSpan.FromSeconds(1), plan.Session), 2),
        ];
        foreach ((RoomClassTally c, (long certain, int size)) in new[] { classes[0], classes[2] }.Zip(sending))
        {
            Assert.InRange(c.Sent, certain * 20, (certain + 1) * 20);
            // Every certain send reaches its whole room, and nothing beyond what the room was owed is counted.
            Assert.InRange(c.Received, (long)(0.95 * certain * 20 * size), c.Expected);
            Assert.Equal(c.Received, c.Latencies.Count);
        }
    }
}

/// <summary>Per-connection mode: each connection's one Redis client subscribes to each of its rooms.</summary>
public sealed class LiveSharedRoomsPerConnectionTests(LiveServers servers)
    : LiveSharedRoomsTests(servers), IClassFixture<LiveServers>;

/// <summary>Per-task mode: the server subscribes once to each room any of its connections is in.</summary>
public sealed class LiveSharedRoomsPerTaskTests(LivePerTaskServers servers)
    : LiveSharedRoomsTests(servers), IClassFixture<LivePerTaskServers>;
