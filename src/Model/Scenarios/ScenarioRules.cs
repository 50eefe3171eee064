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
        // Rooms that cannot be filled first: a shared first class also leaves no users.
        if (w.Rooms is not null && SharedMembersProblem(w.Rooms) is { } shared)
        {
            throw shared;
        }
        Require(w.Users >= 1, "users", "at least 1");
        CheckTiming(w.Timing, null);
        Require(w.Sends != SendProcess.None, "sends", "ticks or poisson at the top level ('none' is for a room class "
            + "whose channels the server feeds)");
        Require(w.SessionSeconds > 0, "session", "a positive duration");
        Require(w.Sessions >= 1, "sessions", "at least 1");
        Require(w.RampSeconds >= 0, "ramp", "zero or a positive duration");
        Deployment d = scenario.Deployment;
        Require(d.Tasks >= 1, "tasks", "at least 1");
        Require(d.TaskVcpu > 0, "task_vcpu", "a positive number of vCPUs");
        Require(d.TaskMemoryGb > 0, "task_memory_gb", "a positive size");
        Require(d.RedisNode.BaselineGbps > 0, "redis_node", "a node with a positive baseline bandwidth");
        Require(d.MachineSpeedIndex is null or > 0 and < double.PositiveInfinity, "machine_speed",
            "a positive speed index");
        Require(d.SpeedTrace is null || d.SpeedTrace.Valid, "speed_trace",
            "a list of positive speed factors, one a second");
        Require(d.RedisCreditAtStart is >= 0 and <= 1, "redis_credits",
            "a share of the node's network credit from 0 (spent) to 1 (full)");
        Require(d.RedisNode.Shaping is null or { BucketBytes: >= 0, QueueBytes: >= 0 }, "redis_shaping_queue_kb",
            "a bucket and a queue of zero or more kB");
        Require(d.RedisNode.Shaping?.MssBytes is null or >= 1, "redis_shaping_mss_bytes",
            "a segment size of at least one byte");
        CheckShards(d);
        CheckRooms(scenario);
        ChurnRules.Check(w);
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
        for (int k = 0; k < w.Rooms.Count; k++)
        {
            CheckTiming(w.TimingOf(w.Rooms[k]), k);
            CheckMessageSize(scenario, w.Rooms[k], k);
        }
        long members = RoomClass.UsersOf(w.Rooms);
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

    /// <summary>
    /// Why the shared classes of <paramref name="classes"/> cannot be filled, or null: a shared class needs users
    /// placed before it, and each of its rooms at most as many members as there are such users (a room filled
    /// contiguously from them, wrapping around, would otherwise hold someone twice).
    /// </summary>
    public static ScenarioException? SharedMembersProblem(IReadOnlyList<RoomClass> classes)
    {
        long before = 0;
        for (int k = 0; k < classes.Count; k++)
        {
            RoomClass c = classes[k];
            if (c.SharesMembers && k == 0)
            {
                return new ScenarioException("members", "room class 1: 'members' must be new in the first room class "
                    + "(a shared class's rooms are filled from the users of the classes before it)")
                {
                    RoomClass = 0,
                };
            }
            int largest = c.RoomSizes().DefaultIfEmpty(0).Max();
            if (c.SharesMembers && largest > before)
            {
                return new ScenarioException("size", $"room class {k + 1}: 'size' must be at most {before} members, "
                    + $"the users of the classes before it, in every room (a shared room holds each of them once; "
                    + $"its largest has {largest})")
                {
                    RoomClass = k,
                };
            }
            before += c.Users;
        }
        return null;
    }

    /// <summary>The top level's timing (<paramref name="roomClass"/> null) or a class's, as resolved.</summary>
    private static void CheckTiming(SendTiming t, int? roomClass)
    {
        Require(t.IntervalSeconds > 0 && double.IsFinite(t.IntervalSeconds), "interval", "a positive duration",
            roomClass);
        Require(t.JitterSeconds >= 0 && t.JitterSeconds <= t.IntervalSeconds, "send_jitter",
            "a duration from 0 up to the interval", roomClass);
        Require(t.Sends != SendProcess.Poisson || t.JitterSeconds == 0, "send_jitter",
            "0 with Poisson sends (their gaps are random already)", roomClass);
    }

    private static void CheckMessageSize(Scenario scenario, RoomClass c, int roomClass)
    {
        if (c.MessageSize is not { } size)
        {
            return;
        }
        Require(size.Law is null ? size.Bytes >= 1 : size.Law.Min >= 1, "message_bytes", "at least 1 byte",
            roomClass);
        if (size.Law?.Problem() is { } problem)
        {
            throw new ScenarioException("message_bytes", $"message sizes {size.Law.Text}: {problem}")
            {
                RoomClass = roomClass,
            };
        }
        Require(scenario.Deployment.RedisNode.Shaping is null, "message_bytes", "left out with a node shaped at the "
            + "millisecond scale (per-class message sizes are modelled on a fluid link only): give redis_egress_mbps, "
            + "or a catalog node without shaping_* keys", roomClass);
        CostProfile p = scenario.Profile;
        Require(p.MessageBytes <= p.RedisBytesPerCopy, "message_bytes", $"used with a profile whose message_bytes "
            + $"({p.MessageBytes}) is at most its redis_bytes_per_copy ({p.RedisBytesPerCopy}): a copy carries the "
            + "message", roomClass);
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

    private static void Require(bool condition, string key, string expected, int? roomClass = null)
    {
        if (!condition)
        {
            string where = roomClass is { } k ? $"room class {k + 1}: " : "";
            throw new ScenarioException(key, $"{where}'{key}' must be {expected}") { RoomClass = roomClass };
        }
    }
}
