using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Rooms;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A sharded Redis: a room's PUBLISH and subscribers meet on the shard its channel hashes to; classic cluster pub/sub
/// also forwards every PUBLISH over the bus to every other master.
/// </summary>
public class RedisTopologyTests
{
    private static Scenario Rooms(RedisTopology topology, int shards, RedisNodeType? node = null,
        params RoomClass[] rooms)
    {
        Scenario s = TestScenarios.Room(1, tasks: 2, vcpu: 4, node: node, ramp: 1);
        return s with
        {
            Workload = s.Workload with { Users = (int)rooms.Sum(c => c.Members), Rooms = rooms },
            Deployment = s.Deployment with { RedisTopology = topology, RedisShards = shards },
        };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    private static double Use(ChatOutcome o, ResourceId id) => o.Resources.Single(r => r.Id == id).Utilization;

    private static int ShardOfRoom(int room, int shards) =>
        HashSlots.ShardOfChannel(RoomNames.ChannelOf(RoomNames.Of(RoomNames.DefaultPrefix, room)), shards);

    [Theory]
    [InlineData(RedisTopology.ClientSharded)]
    [InlineData(RedisTopology.ClusterSharded)]
    public void Only_the_shards_owning_a_room_carry_its_messages(RedisTopology topology)
    {
        const int Shards = 5;
        ChatOutcome o = Run(Rooms(topology, Shards, rooms: new RoomClass(2, 20)));
        int[] owners = [ShardOfRoom(0, Shards), ShardOfRoom(1, Shards)];
        for (int shard = 0; shard < Shards; shard++)
        {
            bool owns = owners.Contains(shard);
            Assert.Equal(owns, Use(o, ResourceId.ShardCpu(shard)) > 0);
            Assert.Equal(owns, Use(o, ResourceId.ShardEgress(shard)) > 0);
        }
        Assert.DoesNotContain(o.Resources, r => r.Id == ResourceId.RedisCpu || r.Id == ResourceId.RedisEgress);
    }

    [Fact]
    public void Sharding_moves_the_copies_but_sends_the_same_bytes_as_one_node_when_nothing_saturates()
    {
        RoomClass[] rooms = [new RoomClass(12, 5), new RoomClass(1, 30)];
        ChatOutcome single = Run(Rooms(RedisTopology.Single, 1, rooms: rooms));
        ChatOutcome sharded = Run(Rooms(RedisTopology.ClusterSharded, 3, rooms: rooms));
        Assert.Equal(single.Metrics.WsMsgsSent, sharded.Metrics.WsMsgsSent);
        Assert.InRange(sharded.RedisEgressBytes / single.RedisEgressBytes, 0.99, 1.01);
        Assert.InRange(sharded.Metrics.DeliveryRatio - single.Metrics.DeliveryRatio, -0.01, 0.01);
    }

    [Fact]
    public void Classic_cluster_forwards_every_publish_to_every_other_master_over_the_bus()
    {
        const int Shards = 3;
        RoomClass[] rooms = [new RoomClass(1, 20)];
        Scenario sharded = Rooms(RedisTopology.ClusterSharded, Shards, rooms: rooms);
        ChatOutcome owned = Run(sharded);
        ChatOutcome classic = Run(Rooms(RedisTopology.Cluster, Shards, rooms: rooms));
        long sent = classic.Metrics.WsMsgsSent;
        Assert.Equal(owned.Metrics.WsMsgsSent, sent);
        double bus = sent * (Shards - 1) * ClusterBus.ForwardBytes(sharded.CostsOnMachine.RedisBytesPerCopy);
        Assert.Equal(owned.RedisEgressBytes + bus, classic.RedisEgressBytes, 1e-6 * classic.RedisEgressBytes);
        // Every master spends CPU on every message, the ones without a subscriber of the room too.
        int owner = ShardOfRoom(0, Shards);
        for (int shard = 0; shard < Shards; shard++)
        {
            Assert.True(Use(classic, ResourceId.ShardCpu(shard)) > 0, $"shard {shard}");
            Assert.Equal(shard == owner, Use(owned, ResourceId.ShardCpu(shard)) > 0);
        }
    }

    [Fact]
    public void Sharded_pub_sub_spreads_an_egress_bound_and_classic_cluster_keeps_it_on_its_bus()
    {
        // Thirty rooms of ten on 4 Mbit/s nodes: one node's copies (900 kB/s) are more than it can send; three nodes
        // split them (300 kB/s each), but each classic master also owes the bus two 2.6 kB forwards per PUBLISH
        // (510 kB/s): its egress is full, and what falls behind is the bus, not the copies (a catalog node: shared
        // flow by flow).
        var node = new RedisNodeType("catalog-4mbps", 0.004, 0.004, 0, 0, 0);
        RoomClass[] rooms = [new RoomClass(30, 10)];
        ChatOutcome single = Run(Rooms(RedisTopology.Single, 1, node, rooms));
        ChatOutcome sharded = Run(Rooms(RedisTopology.ClusterSharded, 3, node, rooms));
        ChatOutcome classic = Run(Rooms(RedisTopology.Cluster, 3, node, rooms));
        Assert.Equal(ResourceKind.RedisEgress, single.Bottleneck.Kind);
        Assert.True(sharded.Metrics.DeliveryRatio > single.Metrics.DeliveryRatio + 0.2,
            $"sharded {sharded.Metrics.DeliveryRatio:P1}, single {single.Metrics.DeliveryRatio:P1}");
        Assert.InRange(classic.Metrics.DeliveryRatio - sharded.Metrics.DeliveryRatio, -0.01, 0.01);
        Assert.Equal(ResourceKind.RedisEgress, classic.Bottleneck.Kind);
        Assert.NotEqual(ResourceId.EveryTask, classic.Bottleneck.Index);
        Assert.True(Use(classic, classic.Bottleneck) > 0.99, $"classic egress {Use(classic, classic.Bottleneck):P1}");
    }

    [Fact]
    public void On_a_plainly_shaped_link_classic_cluster_copies_queue_behind_the_bus_segments()
    {
        // The same on tc htb's one FIFO: each backlogged bus link keeps two 64 KiB segments ahead of every copy (a
        // quarter of a second at 4 Mbit/s each), so copies sent near a session's end arrive after it.
        var node = RedisNodeType.Shaped(4);
        RoomClass[] rooms = [new RoomClass(30, 10)];
        ChatOutcome sharded = Run(Rooms(RedisTopology.ClusterSharded, 3, node, rooms));
        ChatOutcome classic = Run(Rooms(RedisTopology.Cluster, 3, node, rooms));
        Assert.True(classic.Metrics.DeliveryRatio < sharded.Metrics.DeliveryRatio - 0.05,
            $"classic {classic.Metrics.DeliveryRatio:P1}, sharded {sharded.Metrics.DeliveryRatio:P1}");
        Assert.Equal(ResourceKind.RedisEgress, classic.Bottleneck.Kind);
    }

    [Fact]
    public void A_six_shard_classic_cluster_on_a_plainly_shaped_link_runs_to_its_end_with_every_message_owed()
    {
        // Sixty rooms of ten on six 4 Mbit/s masters: each PUBLISH owes the bus five 2.6 kB forwards, more than a
        // link carries, so every bus backlog grows all run. The run still ends, sends what the sharded layout sends
        // (the clients do not see the bus), owes each message to the room's ten members, and looks at each
        // message's arrival a bounded number of times, however long the backlogs: once when its copies would leave,
        // again once those corked in their connections' buffers have joined the FIFO, and again behind an earlier
        // message of its room still on its way (35,235 looks for 11,441 messages when written).
        var node = RedisNodeType.Shaped(4);
        RoomClass[] rooms = [new RoomClass(60, 10)];
        ChatOutcome sharded = Run(Rooms(RedisTopology.ClusterSharded, 6, node, rooms));
        ChatOutcome classic = Run(Rooms(RedisTopology.Cluster, 6, node, rooms));

        Assert.False(classic.HitTimeLimit);
        long sent = classic.Metrics.WsMsgsSent;
        Assert.Equal(sharded.Metrics.WsMsgsSent, sent);
        Assert.Equal(sent * 10, classic.Metrics.Expected);
        Assert.InRange(classic.Metrics.WsMsgsReceived, 1, classic.Metrics.Expected);
        long arrivals = classic.EventsByKind[nameof(ChatEventKind.MessageArrive)];
        Assert.True(arrivals >= sent && arrivals <= 4 * sent, $"{arrivals} arrivals looked at for {sent} messages");
    }

    [Fact]
    public void A_sharded_run_repeats_bit_for_bit_by_seed()
    {
        Scenario s = Rooms(RedisTopology.Cluster, 3, RedisNodeType.Shaped(2), new RoomClass(20, 8));
        Assert.Equal(Run(s).Metrics, Run(s).Metrics);
    }
}
