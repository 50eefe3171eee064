using System.Net.WebSockets;
using FanoutSim.Model.Results;

namespace FanoutSim.LoadGen.Tests;

/// <summary>Rooms driven against a real redis-server and the real chat server: each keeps its messages to itself.
/// </summary>
public sealed class LiveRoomsTests(LiveServers servers) : IClassFixture<LiveServers>
{
    [Fact]
    public async Task Each_class_receives_its_rooms_messages_and_a_message_that_crosses_rooms_is_caught()
    {
        // Users 0-1 in e2e-0, 2-3 in e2e-1, 4-6 in e2e-2.
        var plan = new LoadPlan([new Uri(servers.Url("e2e"))], 7, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3), 1,
            TimeSpan.Zero, TimeSpan.FromSeconds(30), 1)
        {
            Rooms = [new RunRoomClass(2, 2), new RunRoomClass(1, 3)],
        };
        CancellationToken cancel = TestContext.Current.CancellationToken;
        // An intruder in room e2e-0 posing as user 4 (a member of e2e-2): what it sends reaches e2e-0's two members
        // from a sender of another room, as a server mixing rooms would deliver it.
        using var intruder = new ClientWebSocket();
        await intruder.ConnectAsync(new Uri(servers.Url("e2e-0")), cancel);
        Task<LoadResult> run = LoadRunner.RunAsync(plan, new ProbeTargets([], null), cancel);
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancel);
        await intruder.SendAsync("{\"user\":4,\"text\":\"AAAAA\"}"u8.ToArray(), WebSocketMessageType.Text, true,
            cancel);
        LoadResult r = await run;

        Assert.Equal((0L, 7L), (r.ConnectFailures, r.Sessions));
        // Exactly the intruder's message, once per member of e2e-0: no message of the run crossed rooms.
        Assert.Equal(2, r.Foreign);
        IReadOnlyList<RoomClassTally> classes = r.RoomClasses!;
        Assert.Equal(r.Sent, classes.Sum(c => c.Sent));
        Assert.Equal(r.Received, classes.Sum(c => c.Received));
        Assert.Equal(r.Received, r.Latencies.Count);
        // Each send is owed to its own room's members: sent x 2 in the rooms of 2, sent x 3 in the room of 3.
        Assert.Equal((classes[0].Sent * 2, classes[1].Sent * 3), (classes[0].Expected, classes[1].Expected));
        long certain = K6Schedule.CertainSends(plan.Interval, plan.Session);
        long[] members = [4, 3];
        long[] squares = [2 * 2 + 2 * 2, 3 * 3];
        for (int k = 0; k < 2; k++)
        {
            Assert.InRange(classes[k].Sent, certain * members[k], (certain + 1) * members[k]);
            // Every certain tick reaches its whole room, and nothing beyond what the room was owed is counted.
            Assert.InRange(classes[k].Received, (long)(0.95 * certain * squares[k]), classes[k].Expected);
            Assert.Equal(classes[k].Received, classes[k].Latencies.Count);
        }
    }
}
