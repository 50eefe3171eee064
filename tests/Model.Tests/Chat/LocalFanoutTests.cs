using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

public class LocalFanoutTests
{
    [Fact]
    public void A_fan_out_counts_what_writing_to_each_live_recipient_in_join_order_gives()
    {
        const int Connections = 400;
        bool[] forwarding = new bool[Connections];
        var fanout = default(LocalFanout);
        var latency = new DeliveryLatency(Connections, 1, 0, new RoomLayout([new RoomClass(1, Connections)]));
        var members = new List<(int Connection, double Deadline)>();
        var random = new Random(3);
        int nextConnection = 0;
        for (int step = 0; step < 3000; step++)
        {
            switch (random.Next(4))
            {
                case 0 when nextConnection < Connections:
                    double deadline = random.NextDouble() * 100;
                    forwarding[nextConnection] = true;
                    fanout.Add(nextConnection, deadline);
                    members.Add((nextConnection++, deadline));
                    break;
                case 1 when members.Count > 0:
                    // A recipient stops forwarding; the fan-out is told, as the connection's teardown tells it.
                    int leaving = members[random.Next(members.Count)].Connection;
                    forwarding[leaving] = false;
                    members.RemoveAll(m => m.Connection == leaving);
                    fanout.RecipientLeft();
                    break;
                default:
                    double first = random.NextDouble() * 100;
                    double unit = random.NextDouble() * 0.01;
                    long expected = members.Select((m, j) => first + j * unit < m.Deadline ? 1 : 0).Sum();
                    (long received, long late) = fanout.Deliver(forwarding, 0, first, unit, 0, latency);
                    Assert.Equal(expected, received);
                    Assert.Equal(members.Count - expected, late);
                    break;
            }
        }
        Assert.Equal(members.Count, fanout.Compact(forwarding));
    }

    [Fact]
    public void A_fan_out_nobody_joined_does_not_exist_writes_nothing_and_ignores_a_leave()
    {
        bool[] forwarding = new bool[2];
        var latency = new DeliveryLatency(2, 1, 0, new RoomLayout([new RoomClass(1, 2)]));
        LocalFanout fanout = default;
        fanout.RecipientLeft();
        Assert.False(fanout.Exists);
        Assert.Equal((0L, 0L), fanout.Deliver(forwarding, 0, 1, 0.1, 0, latency));
        forwarding[1] = true;
        fanout.Add(1, deadline: 5);
        Assert.True(fanout.Exists);
        Assert.Equal((1L, 0L), fanout.Deliver(forwarding, 0, 1, 0.1, 0, latency));
    }

    [Fact]
    public void Prefetching_a_fan_out_changes_nothing()
    {
        // The prefetch reads the list's count and array (the first of each 16 recipients' line) and writes nothing:
        // the fan-out prefetched delivers and compacts as the one never prefetched does.
        bool[] forwarding = new bool[200];
        var latency = new DeliveryLatency(200, 1, 0, new RoomLayout([new RoomClass(1, 200)]));
        LocalFanout touched = default;
        LocalFanout plain = default;
        touched.TouchRecipients();
        Assert.False(touched.Exists);
        for (int connection = 100; connection < 140; connection++)
        {
            forwarding[connection] = connection != 103;
            touched.Add(connection, deadline: 10 + connection);
            plain.Add(connection, deadline: 10 + connection);
        }
        touched.RecipientLeft();
        plain.RecipientLeft();

        touched.TouchRecipients();
        Assert.Equal(plain.Deliver(forwarding, 0, 1, 0.5, 0, latency),
            touched.Deliver(forwarding, 0, 1, 0.5, 0, latency));
        Assert.Equal(plain.Compact(forwarding), touched.Compact(forwarding));
        Assert.Equal(Enumerable.Range(0, 38).Select(plain.ConnectionAt),
            Enumerable.Range(0, 38).Select(touched.ConnectionAt));
    }
}
