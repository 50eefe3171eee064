using System.Globalization;
using System.Text;
using FanoutSim.Model.Scenario;

namespace FanoutSim.Cli.Output;

/// <summary>Writes a cost profile as the YAML that ProfileFile reads, with notes on how it was made.</summary>
public static class ProfileWriter
{
    public static string Format(CostProfile p, string description, IEnumerable<string> fittedOn, string fitNotes)
    {
        var y = new StringBuilder();
        y.AppendLine($"name: {p.Name}");
        y.AppendLine("description: >-");
        y.AppendLine("  " + description);
        y.AppendLine($"fitted_on: [{string.Join(", ", fittedOn)}]");
        y.AppendLine("fit: |");
        foreach (string line in fitNotes.Split('\n'))
        {
            y.AppendLine("  " + line.TrimEnd());
        }
        y.AppendLine("costs:");
        void Add(string key, double value, string? unit = null) => y.AppendLine($"  {key}: {Exact(value, unit is not null)}");
        Add("usable_cores_per_task", p.UsableCoresPerTask);
        Add("handshake_cpu", p.HandshakeCpuSeconds, "s");
        Add("handshake_steps", p.HandshakeSteps);
        Add("inbound_cpu", p.InboundCpuSeconds, "s");
        Add("delivery_cpu", p.DeliveryCpuSeconds, "s");
        Add("forward_batch", p.ForwardBatch);
        Add("subscriber_read_cpu", p.SubscriberReadCpuSeconds, "s");
        Add("close_cpu", p.CloseCpuSeconds, "s");
        Add("close_steps", p.CloseSteps);
        Add("idle_poll_cpu_per_connection", p.IdlePollCpuPerConnection);
        Add("cpu_jitter", p.CpuJitter);
        Add("client_rtt", p.ClientRttSeconds, "s");
        Add("redis_rtt", p.RedisRttSeconds, "s");
        Add("redis_publish_cpu", p.RedisPublishCpuSeconds, "s");
        Add("redis_copy_cpu", p.RedisCopyCpuSeconds, "s");
        Add("redis_bytes_per_copy", p.RedisBytesPerCopy);
        Add("buffered_message_bytes", p.BufferedMessageBytes);
        Add("task_base_memory_gb", p.TaskBaseMemoryGb);
        Add("final_tick_wins_probability", p.FinalTickWinsProbability);
        // Written only when used, so profiles without these mechanisms stay as they were.
        void AddIfSet(string key, double value, string? unit = null)
        {
            if (value > 0)
            {
                Add(key, value, unit);
            }
        }
        void AddIfTrue(string key, bool value)
        {
            if (value)
            {
                y.AppendLine($"  {key}: true");
            }
        }
        AddIfSet("forward_turn_cpu", p.ForwardTurnCpuSeconds, "s");
        AddIfSet("client_close_timeout", p.ClientCloseTimeoutSeconds, "s");
        AddIfSet("subscribe_confirm_timeout", p.SubscribeConfirmTimeoutSeconds, "s");
        AddIfTrue("close_stops_forwarding_at_once", p.CloseStopsForwardingAtOnce);
        AddIfTrue("control_queues_behind_backlog", p.ControlQueuesBehindBacklog);
        AddIfSet("task_overhead_cores", p.TaskOverheadCores);
        AddIfSet("redis_connection_overhead_cores", p.RedisConnectionOverheadCores);
        AddIfSet("unsubscribe_wait", p.UnsubscribeWaitSeconds, "s");
        AddIfSet("cfs_period", p.CfsPeriodSeconds, "s");
        AddIfSet("throttled_burst_cores", p.ThrottledBurstCores);
        AddIfSet("period_overhead_cpu", p.PeriodOverheadCpuSeconds, "s");
        AddIfSet("redis_connect_cpu", p.RedisConnectCpuSeconds, "s");
        AddIfTrue("per_task_writes_queue_per_connection", p.PerTaskWritesQueuePerConnection);
        AddIfSet("local_fanout_cpu", p.LocalFanoutCpuSeconds, "s");
        AddIfSet("redis_disconnect_cpu", p.RedisDisconnectCpuSeconds, "s");
        if (p.CpuDrift > 0)
        {
            Add("cpu_drift", p.CpuDrift);
            Add("cpu_drift_window", p.CpuDriftWindowSeconds, "s");
        }
        return y.ToString();
    }

    /// <summary>
    /// The shortest text that reads back as exactly <paramref name="value"/> (the simulation is sensitive to the
    /// last bit, and a profile must reproduce the residuals recorded in it): NNms when that round-trips, else seconds.
    /// </summary>
    private static string Exact(double value, bool seconds)
    {
        string plain = value.ToString("R", CultureInfo.InvariantCulture);
        if (!seconds)
        {
            return plain;
        }
        string ms = (value * 1e3).ToString("R", CultureInfo.InvariantCulture);
        return double.Parse(ms, CultureInfo.InvariantCulture) * 0.001 == value ? ms + "ms" : plain;
    }
}
