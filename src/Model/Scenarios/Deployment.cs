namespace FanoutSim.Model.Scenarios;

/// <summary>The system under test: server tasks behind a load balancer and Redis (one node, or shards of one node
/// type).</summary>
/// <param name="Tasks">server tasks (processes) behind the load balancer</param>
/// <param name="TaskVcpu">vCPU share of each task</param>
/// <param name="TaskMemoryGb">memory of each task, bounds buffered outbound messages</param>
/// <param name="MachineSpeedIndex">speed index (`fanoutsim probe`) of the machine the tasks and Redis run on; null =
/// the machine the profile was fitted on</param>
/// <param name="RedisCreditAtStart">share of the node's network-credit bucket held when the test starts (1 = full,
/// 0 = spent by earlier load)</param>
/// <param name="RedisTopology">how the Redis layer is sharded</param>
/// <param name="RedisShards">Redis nodes (masters) of <paramref name="RedisNode"/>'s type; 1 for a single node</param>
/// <param name="SpeedTrace">the machine's speed second by second relative to <paramref name="MachineSpeedIndex"/>
/// (`speed_trace`), which every server task's CPU follows; null = a steady speed</param>
public sealed record Deployment(
    int Tasks,
    double TaskVcpu,
    double TaskMemoryGb,
    LoadBalancing LoadBalancer,
    SubscriptionMode Subscription,
    RedisNodeType RedisNode,
    double? MachineSpeedIndex = null,
    double RedisCreditAtStart = 1,
    OutputBufferLimit? RedisPubsubLimit = null,
    RedisTopology RedisTopology = RedisTopology.Single,
    int RedisShards = 1,
    SpeedTrace? SpeedTrace = null)
{
    /// <summary>The pubsub output buffer limit in force (Redis' default unless the scenario sets one).</summary>
    public OutputBufferLimit PubsubLimit => RedisPubsubLimit ?? OutputBufferLimit.RedisDefault;
}
