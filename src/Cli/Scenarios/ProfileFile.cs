using FanoutSim.Model.Scenario;

namespace FanoutSim.Cli.Scenarios;

/// <summary>Reads a cost profile (calibration/profiles/NAME.yaml): its costs, plus free-text notes on how it was fitted.</summary>
public static class ProfileFile
{
    private static readonly string[] s_topKeys = ["name", "description", "fitted_on", "fit", "costs"];

    private static readonly string[] s_costKeys =
    [
        "usable_cores_per_task", "handshake_cpu", "handshake_steps", "inbound_cpu", "delivery_cpu", "forward_batch", "subscriber_read_cpu",
        "close_cpu", "close_steps", "idle_poll_cpu_per_connection", "cpu_jitter", "client_rtt", "redis_rtt",
        "redis_publish_cpu", "redis_copy_cpu", "redis_bytes_per_copy", "buffered_message_bytes", "task_base_memory_gb",
        "final_tick_wins_probability", "forward_turn_cpu", "client_close_timeout",
        "subscribe_confirm_timeout", "unsubscribe_wait", "close_stops_forwarding_at_once",
        "control_queues_behind_backlog", "task_overhead_cores", "redis_connection_overhead_cores",
        "cfs_period", "throttled_burst_cores", "period_overhead_cpu", "redis_connect_cpu", "per_task_writes_queue_per_connection",
        "local_fanout_cpu", "redis_disconnect_cpu", "cpu_drift", "cpu_drift_window",
    ];

    private static readonly Dictionary<string, bool> s_flags = new() { ["true"] = true, ["false"] = false };

    public static CostProfile Load(string file)
    {
        YamlMap root = YamlMap.Load(file);
        root.RejectUnknown(s_topKeys);
        YamlMap c = root.Map("costs");
        c.RejectUnknown(s_costKeys);
        return new CostProfile(
            Name: root.String("name"),
            UsableCoresPerTask: c.Number("usable_cores_per_task", 1, min: 0, exclusiveMin: true),
            HandshakeCpuSeconds: c.Seconds("handshake_cpu", min: 0),
            HandshakeSteps: c.Int("handshake_steps", 1, min: 1),
            InboundCpuSeconds: c.Seconds("inbound_cpu", min: 0),
            DeliveryCpuSeconds: c.Seconds("delivery_cpu", min: 0),
            ForwardBatch: c.Int("forward_batch", 1, min: 1),
            SubscriberReadCpuSeconds: c.Seconds("subscriber_read_cpu", 0, min: 0),
            CloseCpuSeconds: c.Seconds("close_cpu", min: 0),
            CloseSteps: c.Int("close_steps", 1, min: 1),
            IdlePollCpuPerConnection: c.Number("idle_poll_cpu_per_connection", 0, min: 0),
            CpuJitter: c.Number("cpu_jitter", 0, min: 0),
            ClientRttSeconds: c.Seconds("client_rtt", min: 0),
            RedisRttSeconds: c.Seconds("redis_rtt", min: 0),
            RedisPublishCpuSeconds: c.Seconds("redis_publish_cpu", min: 0),
            RedisCopyCpuSeconds: c.Seconds("redis_copy_cpu", min: 0),
            RedisBytesPerCopy: c.Number("redis_bytes_per_copy", min: 0),
            BufferedMessageBytes: c.Number("buffered_message_bytes", 1000, min: 0, exclusiveMin: true),
            TaskBaseMemoryGb: c.Number("task_base_memory_gb", 0.1, min: 0),
            FinalTickWinsProbability: c.Number("final_tick_wins_probability", 0.5, min: 0),
            ForwardTurnCpuSeconds: c.Seconds("forward_turn_cpu", 0, min: 0),
            ClientCloseTimeoutSeconds: c.Seconds("client_close_timeout", 0, min: 0),
            SubscribeConfirmTimeoutSeconds: c.Seconds("subscribe_confirm_timeout", 0, min: 0),
            UnsubscribeWaitSeconds: c.Seconds("unsubscribe_wait", 0, min: 0),
            CloseStopsForwardingAtOnce: c.Choice("close_stops_forwarding_at_once", s_flags, "false"),
            ControlQueuesBehindBacklog: c.Choice("control_queues_behind_backlog", s_flags, "false"),
            TaskOverheadCores: c.Number("task_overhead_cores", 0, min: 0),
            RedisConnectionOverheadCores: c.Number("redis_connection_overhead_cores", 0, min: 0),
            CfsPeriodSeconds: c.Seconds("cfs_period", 0, min: 0),
            ThrottledBurstCores: c.Number("throttled_burst_cores", 0, min: 0),
            PeriodOverheadCpuSeconds: c.Seconds("period_overhead_cpu", 0, min: 0),
            RedisConnectCpuSeconds: c.Seconds("redis_connect_cpu", 0, min: 0),
            PerTaskWritesQueuePerConnection: c.Choice("per_task_writes_queue_per_connection", s_flags, "false"),
            LocalFanoutCpuSeconds: c.Seconds("local_fanout_cpu", 0, min: 0),
            RedisDisconnectCpuSeconds: c.Seconds("redis_disconnect_cpu", 0, min: 0),
            CpuDrift: c.Number("cpu_drift", 0, min: 0),
            CpuDriftWindowSeconds: c.Seconds("cpu_drift_window", 1, min: 0));
    }
}
