using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Scenarios;

/// <summary>
/// Invariants a scenario must meet before it is simulated; the scenario reader reports them with file positions.
/// </summary>
public static class ScenarioRules
{
    public static void Check(Scenario scenario)
    {
        Workload w = scenario.Workload;
        Require(w.Users >= 1, "users", "at least 1");
        Require(w.IntervalSeconds > 0, "interval", "a positive duration");
        Require(w.SessionSeconds > 0, "session", "a positive duration");
        Require(w.Sessions >= 1, "sessions", "at least 1");
        Require(w.RampSeconds >= 0, "ramp", "zero or a positive duration");
        Require(w.SendJitterSeconds >= 0 && w.SendJitterSeconds <= w.IntervalSeconds, "send_jitter",
            "a duration from 0 up to the interval");
        Require(w.Sends == SendProcess.Ticks || w.SendJitterSeconds == 0, "send_jitter",
            "0 with Poisson sends (their gaps are random already)");
        Deployment d = scenario.Deployment;
        Require(d.Tasks >= 1, "tasks", "at least 1");
        Require(d.TaskVcpu > 0, "task_vcpu", "a positive number of vCPUs");
        Require(d.TaskMemoryGb > 0, "task_memory_gb", "a positive size");
        Require(d.RedisNode.BaselineGbps > 0, "redis_node", "a node with a positive baseline bandwidth");
        Require(d.MachineSpeedIndex is null or > 0 and < double.PositiveInfinity, "machine_speed",
            "a positive speed index");
        Require(d.RedisCreditAtStart is >= 0 and <= 1, "redis_credits",
            "a share of the node's network credit from 0 (spent) to 1 (full)");
        Require(d.RedisNode.Shaping is null or { BucketBytes: >= 0, QueueBytes: >= 0 }, "redis_shaping_queue_kb",
            "a bucket and a queue of zero or more kB");
        CheckShards(d);
        CheckRooms(scenario);
        Require(scenario.Replications >= 1, "replications", "at least 1");
        Require(scenario.TimeLimitSeconds > 0, "time_limit", "a positive duration");
        CheckProfile(scenario.Profile);
    }

    /// <summary>ElastiCache's most shards (node groups) in one cluster.</summary>
    public const int MaxShards = 500;

    private static void CheckShards(Deployment d)
    {
        if (d.RedisTopology == RedisTopology.Single)
        {
            Require(d.RedisShards == 1, "redis_shards", "1 with one Redis node (set redis_topology to "
                + "client-sharded, cluster or cluster-sharded for more)");
            return;
        }
        Require(d.RedisShards is >= 1 and <= MaxShards, "redis_shards",
            $"from 1 to {MaxShards} (ElastiCache's most shards in one cluster)");
        Require(d.RedisNode.Shaping is null, "redis_node", "a node without millisecond-scale shaping with a sharded "
            + "Redis (not modelled yet): give redis_egress_mbps, or a catalog node without shaping_* keys");
        Require(d.RedisPubsubLimit is null, "redis_pubsub_hard_mb", "left out with a sharded Redis (Redis' output "
            + "buffer limit per subscriber is modelled for one node only)");
    }

    private static void CheckRooms(Scenario scenario)
    {
        Workload w = scenario.Workload;
        if (w.Rooms is null)
        {
            return;
        }
        Require(w.Rooms.Count > 0, "rooms", "a list of at least one room class (leave rooms out for one room of all "
            + "users)");
        Require(w.Rooms.All(c => c.Count >= 1 && (c.Distribution is not null || c.Size >= 1)), "rooms",
            "room classes of at least 1 room of at least 1 member");
        foreach (RoomClass c in w.Rooms)
        {
            if (c.Distribution?.Problem() is { } problem)
            {
                throw new ScenarioException("rooms", $"room sizes {c.Distribution.Text}: {problem}");
            }
        }
        long members = w.Rooms.Sum(c => c.Members);
        Require(members == w.Users, "users", $"the members of the rooms ({members}), not {w.Users}");
        Require(members * w.Sessions <= int.MaxValue, "rooms", "fewer than 2^31 connections (members x sessions)");
        if (!w.SeveralRooms)
        {
            return;
        }
        Deployment d = scenario.Deployment;
        Require(d.RedisNode.Shaping is null, "redis_node", "a node without millisecond-scale shaping with several "
            + "rooms (not modelled yet): give redis_egress_mbps, or a catalog node without shaping_* keys");
        Require(d.RedisPubsubLimit is null, "redis_pubsub_hard_mb", "left out with several rooms (Redis' output buffer "
            + "limit per subscriber is not modelled for rooms yet)");
    }

    private static void CheckProfile(CostProfile profile)
    {
        foreach (ProfileField field in ProfileFields.All)
        {
            string? problem = field.Problem(field.Get(profile));
            if (problem is not null)
            {
                throw new ScenarioException(field.Key, $"'{field.Key}' {problem}");
            }
        }
    }

    private static void Require(bool condition, string key, string expected)
    {
        if (!condition)
        {
            throw new ScenarioException(key, $"'{key}' must be {expected}");
        }
    }
}
