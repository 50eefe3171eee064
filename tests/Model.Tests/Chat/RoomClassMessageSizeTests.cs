using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A room class's message size changes what each of its Redis copies costs the egress by its difference from the
/// profile's measured size (200 bytes for the test profile's 300-byte copies); CPU costs stay per message for a
/// profile without per-KiB costs (<see cref="MessageCpuTests"/>).
/// </summary>
public class RoomClassMessageSizeTests
{
    private static readonly RedisNodeType s_link8Mbps = new("fluid-8mbps", 0.008, 0.008, 0, 0, 0);

    private static Scenario TwoClasses(MessageSize? second, RedisNodeType? node = null)
    {
        Scenario s = TestScenarios.Room(1, tasks: 2, profile: TestScenarios.Instant, ramp: 1, node: node);
        RoomClass[] rooms = [new RoomClass(10, 10), new RoomClass(10, 10) { MessageSize = second }];
        return s with { Workload = s.Workload with { Users = 200, Rooms = rooms } };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    [Fact]
    public void Bigger_messages_in_one_class_raise_redis_egress_in_proportion()
    {
        ChatOutcome base_ = Run(TwoClasses(null));
        ChatOutcome big = Run(TwoClasses(new MessageSize(1200)));
        // Nothing queues, so both runs send the same messages to the same subscribers; half the copies (the second
        // class's: the same rooms, the same sends) grow from 300 to 1,300 bytes.
        Assert.Equal(base_.Metrics.WsMsgsSent, big.Metrics.WsMsgsSent);
        double share = base_.RoomClasses![1].Sent / base_.Metrics.WsMsgsSent;
        double expected = base_.RedisEgressBytes * (1 - share + share * 1300 / 300.0);
        Assert.InRange(big.RedisEgressBytes / expected, 0.98, 1.02);
        Assert.Equal("1200 B", big.RoomClasses![1].MessageBytes);
        Assert.Null(big.RoomClasses[0].MessageBytes);
    }

    [Fact]
    public void Big_messages_in_one_class_make_a_shared_node_the_bottleneck_for_every_class()
    {
        // 200 users sending every second, 10 copies each: 2,000 copies a second, 4.8 Mbit/s of 300-byte copies on an
        // 8 Mbit/s link; 1,500-byte messages in half the rooms make it 15.2 Mbit/s.
        ChatOutcome small = Run(TwoClasses(null, s_link8Mbps));
        ChatOutcome big = Run(TwoClasses(new MessageSize(1500), s_link8Mbps));
        Assert.InRange(Egress(small).Utilization, 0.3, 0.8);
        Assert.True(small.Metrics.DeliveryRatio > 0.9, $"small messages: {small.Metrics.DeliveryRatio:P1}");
        Assert.Equal(ResourceId.RedisEgress, big.Bottleneck);
        Assert.True(Egress(big).Utilization > 0.99, $"egress {Egress(big).Utilization:P1}");
        // The rooms of small messages queue behind the big ones on the one link: both classes lose.
        Assert.All(big.RoomClasses!, c => Assert.True(c.DeliveryRatio < small.Metrics.DeliveryRatio - 0.1,
            $"class of {c.MessageBytes ?? "300-byte copies"}: {c.DeliveryRatio:P1}"));
    }

    private static ResourceUsage Egress(ChatOutcome o) => o.Resources.Single(r => r.Id == ResourceId.RedisEgress);

    [Fact]
    public void Drawn_sizes_cost_what_their_mean_does_and_move_no_other_draw()
    {
        ChatOutcome fixedSize = Run(TwoClasses(new MessageSize(1500)));
        ChatOutcome drawn = Run(TwoClasses(new MessageSize(0, new UniformRoomSizes(1000, 2000))));
        // The sizes have their own stream: every send, subscription and delivery happens as with fixed sizes (only
        // the microseconds a copy spends on the link move).
        Assert.Equal(fixedSize.Metrics, drawn.Metrics);
        // About 1,000 messages of a uniform size of mean 1,500 bytes and deviation 289: their mean is within 2 %.
        Assert.InRange(drawn.RedisEgressBytes / fixedSize.RedisEgressBytes, 0.98, 1.02);
        Assert.NotEqual(fixedSize.RedisEgressBytes, drawn.RedisEgressBytes);
        Assert.Equal("uniform 1000-2000 B, mean 1500", drawn.RoomClasses![1].MessageBytes);
    }

    [Fact]
    public void Classic_cluster_bus_forwards_carry_the_class_message_size()
    {
        // On one node the second class's bigger messages add 1,000 bytes per copy; on a classic cluster of three
        // masters, also 1,000 bytes in each of a message's two bus forwards.
        double Growth(RedisTopology topology, int shards)
        {
            Scenario Layout(Scenario s) =>
                s with { Deployment = s.Deployment with { RedisTopology = topology, RedisShards = shards } };
            return (Run(Layout(TwoClasses(new MessageSize(1200)))).RedisEgressBytes
                - Run(Layout(TwoClasses(null))).RedisEgressBytes) / 1000;
        }
        double messages = Run(TwoClasses(null)).RoomClasses![1].Sent;
        double copies = Growth(RedisTopology.Single, 1);
        Assert.InRange(copies, 5 * messages, 10 * messages);
        Assert.InRange(Growth(RedisTopology.Cluster, 3) - copies, 1.99 * messages, 2.01 * messages);
    }
}
