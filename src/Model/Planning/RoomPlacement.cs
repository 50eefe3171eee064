using FanoutSim.Model.Chat;
using FanoutSim.Model.Rooms;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// Every room's members in layout order, its class, the shard its channel hashes to, what one copy of its messages
/// and one PUBLISH's bus forwards take on the egress (its class's mean message size), and the message size its CPU
/// costs are charged at (the same low side of its class's mean; the profile's size when the class sets none).
/// </summary>
internal sealed record RoomPlacement(int[] Sizes, int[] ClassOf, int[] ShardOf, (double Copy, double Forward)[] BytesOf,
    double[] MessageBytesOf)
{
    public static RoomPlacement Of(Scenario scenario)
    {
        IReadOnlyList<RoomClass> classes = scenario.Workload.RoomClasses;
        int[] sizes = classes.SelectMany(c => c.RoomSizes()).ToArray();
        int[] classOf = classes.SelectMany((c, k) => Enumerable.Repeat(k, c.Count)).ToArray();
        int shards = scenario.Deployment.RedisShards;
        // The simulation's placement (RedisBus): room i's channel, hashed to its slot's master.
        int[] shardOf = Enumerable.Range(0, sizes.Length).Select(room => HashSlots.ShardOfRoom(room, shards))
            .ToArray();
        (double, double)[] bytesOfClass = [.. classes.Select(c => ClassBytes(scenario, c))];
        double[] messageOfClass = [.. classes.Select(c => c.MessageSize is { } size
            ? size.LowMeanBytes(MessagesOf(scenario, c))
            : scenario.CostsOnMachine.MessageBytes)];
        return new RoomPlacement(sizes, classOf, shardOf, [.. classOf.Select(k => bytesOfClass[k])],
            [.. classOf.Select(k => messageOfClass[k])]);
    }

    /// <summary>Messages a class's members send over the run, which the low side of a drawn mean is taken over.
    /// </summary>
    private static double MessagesOf(Scenario scenario, RoomClass c) =>
        c.Members * scenario.Workload.Sessions * IdealRatio.SendsPerSession(scenario, scenario.Workload.TimingOf(c));

    /// <summary>
    /// A class's copy and bus-forward bytes: the profile's, or grown by its message size; for drawn sizes the low side
    /// of the mean of the messages a run makes (four standard errors below the law's mean): a replication whose
    /// messages came out smaller than the bound charges would get more of them through a saturated egress.
    /// </summary>
    private static (double Copy, double Forward) ClassBytes(Scenario scenario, RoomClass c)
    {
        CostProfile p = scenario.CostsOnMachine;
        Deployment d = scenario.Deployment;
        bool shaped = d.RedisNode.Shaping is not null;
        if (c.MessageSize is not { } size)
        {
            return (p.RedisCopyBytes(shaped), ClusterBus.BytesPerPublish(d, p));
        }
        double copy = p.RedisCopyBytes(shaped, size.LowMeanBytes(MessagesOf(scenario, c)));
        return (copy, ClusterBus.ForwardsEveryPublish(d) ? ClusterBus.BytesPerPublish(d.RedisShards, copy) : 0);
    }
}
