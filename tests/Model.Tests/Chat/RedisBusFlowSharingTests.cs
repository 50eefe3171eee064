using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A classic cluster master's fluid egress keeps its subscribers' connections and its cluster-bus links apart (on a
/// catalog node shared flow by flow): copies get what they ask for, and a bus that wants more than its share falls
/// behind.
/// </summary>
public class RedisBusFlowSharingTests
{
    private static readonly CostProfile s_profile = TestScenarios.Python;

    private static RedisBus Bus(RedisTopology topology, int shards, RedisNodeType node, int subscribers = 10)
    {
        var deployment = new Deployment(1, 1, 2, LoadBalancing.RoundRobin, SubscriptionMode.PerConnection, node,
            RedisTopology: topology, RedisShards: shards);
        return new RedisBus(s_profile, deployment, copyByCopy: false, new Simulator<ChatEvent>(), subscribers, 60);
    }

    [Theory]
    [InlineData(RedisTopology.Cluster, 3, true)]
    [InlineData(RedisTopology.Cluster, 1, false)]
    [InlineData(RedisTopology.ClusterSharded, 3, false)]
    [InlineData(RedisTopology.ClientSharded, 3, false)]
    [InlineData(RedisTopology.Single, 1, false)]
    public void Only_classic_cluster_masters_share_their_egress_flow_by_flow(RedisTopology topology, int shards,
        bool shared)
    {
        RedisBus bus = Bus(topology, shards, RedisNodeType.Shaped(8));

        Assert.All(bus.Shards, shard => Assert.Equal(shared, shard.SharesFlows));
    }

    [Fact]
    public void A_bus_link_that_falls_behind_delivers_its_forwards_late_while_the_copies_keep_their_pace()
    {
        // A 1 Mbit/s master (125 kB/s); one room of five subscribers, a PUBLISH every 20 ms for 2 s: copies ask
        // 75 kB/s, the two bus links 256 kB/s. Seven flows' fair share is 17.9 kB/s: each subscriber's 15 kB/s
        // fits, the bus gets the 50 kB/s left.
        RedisBus bus = Bus(RedisTopology.Cluster, 3, new RedisNodeType("catalog-1mbps", 0.001, 0.001, 0, 0, 0));
        for (int subscriber = 0; subscriber < 5; subscriber++)
        {
            bus.Subscribe(subscriber, 0);
        }
        const int Messages = 100;
        for (int i = 0; i < Messages; i++)
        {
            double now = i * 0.02;
            (_, double copiesLeft) = bus.Publish(now, 0, 5);
            // Seven flows share the link while five copies of 300 bytes leave: 17 ms at most.
            Assert.InRange(copiesLeft - now, 0, 0.02);
        }
        bus.Settle();
        int owner = bus.ShardOf(0);
        double forwardBytes = ClusterBus.ForwardBytes(s_profile.RedisBytesPerCopy);
        double busBytes = Messages * 2 * forwardBytes;
        Assert.Equal(Messages * 5 * s_profile.RedisBytesPerCopy + busBytes, bus.EgressBytesSent, 1e-6);
        for (int shard = 0; shard < 3; shard++)
        {
            if (shard == owner)
            {
                continue;
            }
            // Every forward reached the master, the last one once the bus backlog had drained: what the link could
            // not send by 2 s (everything but about 2 s x 50 kB/s) leaves at 125 kB/s afterwards.
            Assert.Equal(Messages, bus.Shards[shard].Cpu.Jobs);
            double drained = 2 + (busBytes - 2 * 50_000) / 125_000;
            Assert.InRange(bus.Shards[shard].Cpu.FreeAt, drained - 0.1, drained + 0.1);
        }
    }

    [Fact]
    public void A_master_whose_bus_fits_sends_forwards_as_they_come()
    {
        RedisBus bus = Bus(RedisTopology.Cluster, 3, RedisNodeType.Shaped(100));
        bus.Subscribe(0, 0);
        for (int i = 0; i < 50; i++)
        {
            bus.Publish(i * 0.02, 0, 1);
        }
        bus.Settle();
        int other = bus.ShardOf(0) == 0 ? 1 : 0;
        // The last forward leaves within a millisecond of its PUBLISH and takes half a round trip.
        Assert.InRange(bus.Shards[other].Cpu.FreeAt, 0.98, 0.981 + s_profile.RedisRttSeconds);
    }
}
