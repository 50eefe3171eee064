using FanoutSim.Model.Scenario;

namespace FanoutSim.Model.Calibration;

/// <summary>A cost-profile field the fitter may move, addressed by its YAML name.</summary>
public sealed record ProfileParameter(string Name, Func<CostProfile, double> Get, Func<CostProfile, double, CostProfile> With, bool Integer = false)
{
    // Counts are kept at 1 or more: a wide simplex step can round them to 0, which the scenario rules refuse
    // (it stopped a 4-fold fit with an exception).
    public static readonly IReadOnlyList<ProfileParameter> All =
    [
        new("usable_cores_per_task", p => p.UsableCoresPerTask, (p, v) => p with { UsableCoresPerTask = v }),
        new("handshake_cpu", p => p.HandshakeCpuSeconds, (p, v) => p with { HandshakeCpuSeconds = v }),
        new("handshake_steps", p => p.HandshakeSteps, (p, v) => p with { HandshakeSteps = Math.Max(1, (int)Math.Round(v)) }, Integer: true),
        new("inbound_cpu", p => p.InboundCpuSeconds, (p, v) => p with { InboundCpuSeconds = v }),
        new("delivery_cpu", p => p.DeliveryCpuSeconds, (p, v) => p with { DeliveryCpuSeconds = v }),
        new("forward_batch", p => p.ForwardBatch, (p, v) => p with { ForwardBatch = Math.Max(1, (int)Math.Round(v)) }, Integer: true),
        new("subscriber_read_cpu", p => p.SubscriberReadCpuSeconds, (p, v) => p with { SubscriberReadCpuSeconds = v }),
        new("close_cpu", p => p.CloseCpuSeconds, (p, v) => p with { CloseCpuSeconds = v }),
        new("close_steps", p => p.CloseSteps, (p, v) => p with { CloseSteps = Math.Max(1, (int)Math.Round(v)) }, Integer: true),
        new("idle_poll_cpu_per_connection", p => p.IdlePollCpuPerConnection, (p, v) => p with { IdlePollCpuPerConnection = v }),
        new("client_rtt", p => p.ClientRttSeconds, (p, v) => p with { ClientRttSeconds = v }),
        new("redis_rtt", p => p.RedisRttSeconds, (p, v) => p with { RedisRttSeconds = v }),
        new("redis_publish_cpu", p => p.RedisPublishCpuSeconds, (p, v) => p with { RedisPublishCpuSeconds = v }),
        new("redis_copy_cpu", p => p.RedisCopyCpuSeconds, (p, v) => p with { RedisCopyCpuSeconds = v }),
        new("redis_bytes_per_copy", p => p.RedisBytesPerCopy, (p, v) => p with { RedisBytesPerCopy = v }),
        new("cpu_jitter", p => p.CpuJitter, (p, v) => p with { CpuJitter = v }),
        new("buffered_message_bytes", p => p.BufferedMessageBytes, (p, v) => p with { BufferedMessageBytes = v }),
        new("task_base_memory_gb", p => p.TaskBaseMemoryGb, (p, v) => p with { TaskBaseMemoryGb = v }),
        new("forward_turn_cpu", p => p.ForwardTurnCpuSeconds, (p, v) => p with { ForwardTurnCpuSeconds = v }),
        new("client_close_timeout", p => p.ClientCloseTimeoutSeconds, (p, v) => p with { ClientCloseTimeoutSeconds = v }),
        new("subscribe_confirm_timeout", p => p.SubscribeConfirmTimeoutSeconds, (p, v) => p with { SubscribeConfirmTimeoutSeconds = v }),
        new("unsubscribe_wait", p => p.UnsubscribeWaitSeconds, (p, v) => p with { UnsubscribeWaitSeconds = v }),
        new("close_stops_forwarding_at_once", p => p.CloseStopsForwardingAtOnce ? 1 : 0, (p, v) => p with { CloseStopsForwardingAtOnce = v >= 0.5 }, Integer: true),
        new("control_queues_behind_backlog", p => p.ControlQueuesBehindBacklog ? 1 : 0, (p, v) => p with { ControlQueuesBehindBacklog = v >= 0.5 }, Integer: true),
        new("task_overhead_cores", p => p.TaskOverheadCores, (p, v) => p with { TaskOverheadCores = v }),
        new("redis_connection_overhead_cores", p => p.RedisConnectionOverheadCores, (p, v) => p with { RedisConnectionOverheadCores = v }),
        new("cfs_period", p => p.CfsPeriodSeconds, (p, v) => p with { CfsPeriodSeconds = v }),
        new("throttled_burst_cores", p => p.ThrottledBurstCores, (p, v) => p with { ThrottledBurstCores = v }),
        new("period_overhead_cpu", p => p.PeriodOverheadCpuSeconds, (p, v) => p with { PeriodOverheadCpuSeconds = v }),
        new("redis_connect_cpu", p => p.RedisConnectCpuSeconds, (p, v) => p with { RedisConnectCpuSeconds = v }),
        new("local_fanout_cpu", p => p.LocalFanoutCpuSeconds, (p, v) => p with { LocalFanoutCpuSeconds = v }),
        new("redis_disconnect_cpu", p => p.RedisDisconnectCpuSeconds, (p, v) => p with { RedisDisconnectCpuSeconds = v }),
        // Capped below 1: a factor of 0 would stop the task, and the fit moves in log space where nothing stops it.
        new("cpu_drift", p => p.CpuDrift, (p, v) => p with { CpuDrift = Math.Min(v, 0.95) }),
        new("cpu_drift_window", p => p.CpuDriftWindowSeconds, (p, v) => p with { CpuDriftWindowSeconds = v }),
        new("per_task_writes_queue_per_connection", p => p.PerTaskWritesQueuePerConnection ? 1 : 0, (p, v) => p with { PerTaskWritesQueuePerConnection = v >= 0.5 }, Integer: true),
        new("final_tick_wins_probability", p => p.FinalTickWinsProbability, (p, v) => p with { FinalTickWinsProbability = v }),
    ];

    public static ProfileParameter Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"no fittable profile parameter '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}");
}
