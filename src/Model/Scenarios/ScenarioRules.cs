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
        Require(scenario.Replications >= 1, "replications", "at least 1");
        Require(scenario.TimeLimitSeconds > 0, "time_limit", "a positive duration");
        CheckProfile(scenario.Profile);
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
