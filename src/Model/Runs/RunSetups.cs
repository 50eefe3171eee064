using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Runs;

/// <summary>
/// The one translation between a scenario and the setup a run records, used by `run`, `load`, `calibrate` and
/// `plan`: a scenario's setup rebuilds an equal deployment and workload.
/// </summary>
public static class RunSetups
{
    public static RunSetup Of(Scenario scenario)
    {
        Workload w = scenario.Workload;
        Deployment d = scenario.Deployment;
        return new RunSetup(scenario.Name, w.Users, w.IntervalSeconds, w.SessionSeconds, w.Sessions, d.Tasks,
            d.Subscription, d.LoadBalancer, d.TaskVcpu, d.RedisNode.BaselineGbps * 1000, d.RedisNode.Name,
            scenario.Profile.Name, scenario.Seed, w.RampSeconds, d.TaskMemoryGb, d.RedisNode.Link,
            d.MachineSpeedIndex, d.RedisNode.Shaping?.BucketBytes / 1000, d.RedisNode.Shaping?.QueueBytes / 1000,
            d.RedisCreditAtStart < 1 ? d.RedisCreditAtStart : null, d.RedisNode.Shaping?.RateGbps,
            w.SendJitterSeconds > 0 ? w.SendJitterSeconds : null,
            w.Sends == SendProcess.Ticks ? null : w.Sends.ToText(), Rooms(w),
            d.RedisTopology == RedisTopology.Single ? null : d.RedisTopology.ToText(),
            d.RedisTopology == RedisTopology.Single ? null : d.RedisShards, w.ChurnText)
        {
            SessionLaw = w.SessionLaw is { } law ? RunRoomClasses.Of(law) : null,
            Reconnect = w.Reconnect is { } gap ? RunRoomClasses.Of(gap) : null,
            DurationSeconds = w.RunSeconds,
            RedisShapingMssBytes = d.RedisNode.Shaping?.MssBytes,
            SpeedTrace = d.SpeedTrace?.Factors,
        };
    }

    /// <summary>The workload's rooms as a run records them (see <see cref="RunRoomClasses"/>).</summary>
    private static IReadOnlyList<RunRoomClass>? Rooms(Workload w) =>
        w.Rooms is null ? null : RunRoomClasses.Of(w.Rooms);

    /// <summary>The workload a run was made with; its churn from the recorded laws (a file written before they were
    /// recorded, or without churn, reads as fixed sessions back to back, as it always did).</summary>
    public static Workload Workload(RunSetup s) =>
        new(s.Users, s.IntervalSeconds, s.SessionSeconds, s.Sessions, s.RampSeconds, s.SendJitterSeconds ?? 0,
            s.Sends is null ? SendProcess.Ticks : SendProcessText.Map.Parse(s.Sends, "setup.sends"),
            s.Rooms is null ? null : RoomClasses(s.Rooms))
        {
            SessionLaw = s.SessionLaw is { } law ? RunRoomClasses.Duration(law, "session") : null,
            Reconnect = s.Reconnect is { } gap ? RunRoomClasses.Duration(gap, "reconnect") : null,
            RunSeconds = s.DurationSeconds,
        };

    /// <summary>The room classes of a run's recorded rooms, with their traffic.</summary>
    public static RoomClass[] RoomClasses(IReadOnlyList<RunRoomClass> rooms) => RunRoomClasses.RoomClasses(rooms);

    /// <param name="nodes">the catalog's Redis node types by name</param>
    /// <exception cref="ScenarioException">the setup names a node <paramref name="nodes"/> does not hold</exception>
    public static Deployment Deployment(RunSetup s, IReadOnlyDictionary<string, RedisNodeType> nodes) =>
        new(s.Tasks, s.TaskVcpu, s.TaskMemoryGb, s.LoadBalancer ?? LoadBalancing.RoundRobin, s.Subscription,
            RedisNode(s, nodes), s.MachineSpeedIndex, s.RedisCredits ?? 1,
            RedisTopology: s.RedisTopology is null
                ? RedisTopology.Single
                : RedisTopologyText.Map.Parse(s.RedisTopology, "setup.redis_topology"),
            RedisShards: s.RedisShards ?? 1,
            SpeedTrace: s.SpeedTrace is { } trace ? new SpeedTrace(trace) : null);

    /// <summary>The scenario that repeats the run: same workload and deployment, the given profile and seed.</summary>
    public static Scenario ToScenario(RunSetup s, CostProfile profile,
        IReadOnlyDictionary<string, RedisNodeType> nodes, ulong seed, int replications, double timeLimitSeconds) =>
        new(s.Name, Workload(s), Deployment(s, nodes), profile, seed, replications, timeLimitSeconds);

    /// <summary>
    /// The setup's node with the shaping it recorded; a setup that recorded none has its catalog node's (or, on a
    /// plain link, a fluid one).
    /// </summary>
    public static RedisNodeType RedisNode(RunSetup s, IReadOnlyDictionary<string, RedisNodeType> nodes)
    {
        RedisNodeType node = NamedNode(s, nodes);
        EgressShaping? shaping = s.RedisShapingBucketKb is { } bucket && s.RedisShapingQueueKb is { } queue
            ? new EgressShaping(bucket * 1000, queue * 1000, s.RedisShapingRateGbps, s.RedisShapingMssBytes)
            : node.Shaping;
        return shaping == node.Shaping ? node : node with { Shaping = shaping };
    }

    private static RedisNodeType NamedNode(RunSetup s, IReadOnlyDictionary<string, RedisNodeType> nodes) =>
        s.RedisLink switch
        {
            RedisLink.CatalogNode => s.RedisNode is { } name && nodes.TryGetValue(name, out RedisNodeType? node)
                ? node
                : throw new ScenarioException("redis_node",
                    $"redis node '{s.RedisNode}' is not in the catalog; known: {string.Join(", ", nodes.Keys)}"),
            RedisLink.Shaped => s.RedisEgressMbps is { } mbps
                ? RedisNodeType.Shaped(mbps)
                : throw new ScenarioException("redis_egress_mbps", "a shaped Redis link needs redis_egress_mbps"),
            _ => RedisNodeType.Unshaped(nodes),
        };
}
