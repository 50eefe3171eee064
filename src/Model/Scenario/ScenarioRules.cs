namespace FanoutSim.Model.Scenario;

/// <summary>Invariants a scenario must meet before it is simulated; the scenario reader reports them with file positions.</summary>
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
        Deployment d = scenario.Deployment;
        Require(d.Tasks >= 1, "tasks", "at least 1");
        Require(d.TaskVcpu > 0, "task_vcpu", "a positive number of vCPUs");
        Require(d.TaskMemoryGb > 0, "task_memory_gb", "a positive size");
        Require(d.RedisNode.BaselineGbps > 0, "redis_node", "a node with a positive baseline bandwidth");
        Require(scenario.Replications >= 1, "replications", "at least 1");
        Require(scenario.TimeLimitSeconds > 0, "time_limit", "a positive duration");
        CostProfile p = scenario.Profile;
        Require(p.UsableCoresPerTask > 0, "usable_cores_per_task", "positive");
        Require(p.ForwardBatch >= 1, "forward_batch", "at least 1");
        Require(p.HandshakeSteps >= 1 && p.CloseSteps >= 1, "handshake_steps/close_steps", "at least 1");
        Require(p.FinalTickWinsProbability is >= 0 and <= 1, "final_tick_wins_probability", "a probability in [0, 1]");
        Require(p.CpuJitter is >= 0 and < 1, "cpu_jitter", "in [0, 1)");
        Require(p.CpuDrift is >= 0 and < 1, "cpu_drift", "in [0, 1)");
        Require(p.CpuDriftWindowSeconds > 0 && double.IsFinite(p.CpuDriftWindowSeconds), "cpu_drift_window", "a positive duration");
        Require(p.BufferedMessageBytes > 0, "buffered_message_bytes", "positive");
        foreach ((string name, double value) in new[]
        {
            ("handshake_cpu", p.HandshakeCpuSeconds), ("inbound_cpu", p.InboundCpuSeconds), ("delivery_cpu", p.DeliveryCpuSeconds),
            ("subscriber_read_cpu", p.SubscriberReadCpuSeconds), ("close_cpu", p.CloseCpuSeconds),
            ("idle_poll_cpu_per_connection", p.IdlePollCpuPerConnection), ("client_rtt", p.ClientRttSeconds),
            ("redis_rtt", p.RedisRttSeconds), ("redis_publish_cpu", p.RedisPublishCpuSeconds),
            ("redis_copy_cpu", p.RedisCopyCpuSeconds), ("redis_bytes_per_copy", p.RedisBytesPerCopy),
            ("forward_turn_cpu", p.ForwardTurnCpuSeconds), ("client_close_timeout", p.ClientCloseTimeoutSeconds),
            ("subscribe_confirm_timeout", p.SubscribeConfirmTimeoutSeconds), ("unsubscribe_wait", p.UnsubscribeWaitSeconds),
            ("task_overhead_cores", p.TaskOverheadCores), ("redis_connection_overhead_cores", p.RedisConnectionOverheadCores),
            ("cfs_period", p.CfsPeriodSeconds), ("throttled_burst_cores", p.ThrottledBurstCores),
            ("period_overhead_cpu", p.PeriodOverheadCpuSeconds), ("redis_connect_cpu", p.RedisConnectCpuSeconds),
            ("local_fanout_cpu", p.LocalFanoutCpuSeconds), ("redis_disconnect_cpu", p.RedisDisconnectCpuSeconds),
        })
        {
            Require(value >= 0 && double.IsFinite(value), name, "a finite number, zero or more");
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
