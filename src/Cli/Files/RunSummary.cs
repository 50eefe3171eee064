using System.Globalization;
using System.Text;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Files;

/// <summary>A k6-like end-of-test summary of a run report.</summary>
public static class RunSummary
{
    /// <summary>"cache.t4g.small", or "3 x cache.t4g.small, cluster-sharded" for a sharded Redis.</summary>
    private static string Redis(RunSetup s) =>
        s.RedisTopology is null
            ? s.RedisNode ?? "?"
            : Invariant($"{s.RedisShards} x {s.RedisNode ?? "?"}, {s.RedisTopology}");

    public static string Format(RunReport report)
    {
        var text = new StringBuilder();
        RunSetup s = report.Setup;
        RunMetrics m = report.Metrics;
        text.AppendLine(Invariant($"  scenario: {Echoed.Capped(s.Name)} ({report.Source}; {s.Users} users, interval ") +
            (s.Churn is null
                ? Invariant($"{s.IntervalSeconds:0.###} s, {s.Sessions} x {s.SessionSeconds:0.###} s sessions)")
                : Invariant($"{s.IntervalSeconds:0.###} s, {s.Churn})")));
        text.AppendLine(Invariant($"  system:   {s.Tasks} task(s) x {s.TaskVcpu:0.##} vCPU, ") +
            Invariant($"{s.LoadBalancer.ToText()}, {s.Subscription.ToText()} subscriptions, Redis ") +
            Invariant($"{Redis(s)}, profile {s.Profile ?? "-"}, seed {s.Seed}"));
        if (report.Replications.Count > 1)
        {
            text.AppendLine(Invariant($"  replications: {report.Replications.Count} (figures are means; ") +
                Invariant($"± is the 95 % confidence half-width)"));
        }
        text.AppendLine();
        RunConfidence? ci = report.Confidence;
        Line(text, "ws_msgs_received",
            Invariant($"{m.WsMsgsReceived,-10} {m.DeliveredPerSecond:0.0}/s") +
            Pm(ci?.DeliveredPerSecondHalfWidth, "/s"));
        Line(text, "ws_msgs_sent",
            Invariant($"{m.WsMsgsSent,-10} {m.SentPerSecond:0.0}/s") + Pm(ci?.SentHalfWidth, " msgs"));
        Line(text, m.Churn is not null ? "expected (sent x present)"
            : report.RoomClasses is null ? "expected (sent x N)" : "expected (sent x room size)",
            Invariant($"{m.Expected}"));
        Line(text, "delivery_ratio",
            Invariant($"{m.DeliveryRatio * 100:0.00} %") +
            Pm(ci is null ? null : ci.DeliveryRatioHalfWidth * 100, " pp"));
        if (report.RoomClasses is { } classes)
        {
            RoomClassLines(text, classes);
        }
        DurationSummary d = m.WsSessionDuration;
        Line(text, "ws_session_duration",
            Invariant($"avg={d.Avg:0.00}s min={d.Min:0.00}s med={d.Med:0.00}s max={d.Max:0.00}s ") +
            Invariant($"p(90)={d.P90:0.00}s p(95)={d.P95:0.00}s"));
        if (report.DeliveryLatency is { Samples: > 0 } latency)
        {
            Line(text, "delivery_latency",
                Invariant($"p(50)={Ms(latency.P50)} p(95)={Ms(latency.P95)} p(99)={Ms(latency.P99)} ") +
                Invariant($"max={Ms(latency.Max)} (send to receipt)"));
        }
        foreach ((string name, DurationSummary times) in m.ConnectCloseTimes())
        {
            Line(text, name, times.Text());
        }
        Line(text, "ws_sessions", Invariant($"{m.WsSessions}"));
        if (m.Churn is { } churn)
        {
            Line(text, "reconnects (connects)", Invariant($"{churn.Connects,-10} {churn.ConnectsPerSecond:0.0}/s, ") +
                Invariant($"peak {churn.PeakConnectsPerSecond:0} in 1 s"));
            Line(text, "disconnects (then back)", Invariant($"{churn.Disconnects,-10} ") +
                Invariant($"{churn.DisconnectsPerSecond:0.0}/s, peak {churn.PeakDisconnectsPerSecond:0} in 1 s"));
        }
        Line(text, "ws_connect_failures", Invariant($"{m.WsConnectFailures}"));
        Line(text, "dropped (buffers full)", Invariant($"{m.Dropped}"));
        if (report.TaskMemory is { } memory)
        {
            Line(text, "task memory peak", MemoryText(memory));
        }
        Line(text, "test duration", Invariant($"{m.DurationSeconds:0.0} s"));
        if (report.RedisEgressPeaks is { } peaks)
        {
            string average = report.Environment.TryGetValue("redis_egress_bytes", out string? bytes) &&
                double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) &&
                m.DurationSeconds > 0
                    ? Invariant($" ({(s.RedisShards > 1 ? "all shards together: " : "")}average ") +
                        Invariant($"{b * 8 / 1e6 / m.DurationSeconds:0.0})")
                    : "";
            // Sharded: each node has its own allowance, so the peaks are the busiest node's.
            Line(text, s.RedisShards > 1 ? "busiest shard peak Mbit/s" : "redis egress peak Mbit/s",
                Invariant($"1 ms {peaks.Mbps1Ms:0.0}, 10 ms {peaks.Mbps10Ms:0.0}, 100 ms {peaks.Mbps100Ms:0.0}, ") +
                Invariant($"1 s {peaks.Mbps1S:0.0}{average}"));
            if (peaks.BytesPerInterval > 0)
            {
                Line(text, "released per interval", Invariant($"{peaks.BytesPerInterval / 1e6:0.###} MB ") +
                    Invariant($"(every user sends once; {peaks.BytesPerInterval * 8 / 1e6 / s.IntervalSeconds:0.#} ") +
                    Invariant($"Mbit/s if spread evenly)"));
            }
        }
        if (report.RedisShaping is { } shaping)
        {
            text.AppendLine();
            string rate = s.RedisShapingRateGbps is { } gbps
                ? Invariant($"{gbps * 1000:0.###} Mbit/s")
                : Invariant($"the allowance, credit at start {(s.RedisCredits ?? 1) * 100:0} %");
            text.AppendLine(Invariant($"  redis egress shaping (bucket {s.RedisShapingBucketKb:0.###} kB, queue ") +
                Invariant($"{s.RedisShapingQueueKb:0.###} kB, at {rate}):"));
            Line(text, "packets offered", Invariant($"{shaping.PacketsOffered:0}"));
            Line(text, "allowance exceeded", Invariant($"{shaping.PacketsShaped:0} packets queued or dropped ") +
                Invariant($"({Share(shaping.PacketsShaped, shaping.PacketsOffered)})"));
            Line(text, "dropped", Invariant($"{shaping.PacketsDropped:0} ") +
                Invariant($"({Share(shaping.PacketsDropped, shaping.PacketsOffered)})"));
            Line(text, "retransmissions", Invariant($"{shaping.Retransmissions:0}"));
            if (shaping.TimerRetries is { } timerRetries)
            {
                Line(text, "of them on a timer", Invariant($"{timerRetries:0}"));
            }
            if (shaping.ProbeAborts is { } aborts)
            {
                Line(text, "aborted (probes failed)", Invariant($"{aborts:0}"));
            }
            if (shaping.FreshHeadsThrough is { } through)
            {
                Line(text, "held-back heads through", Invariant($"{through:0}"));
            }
            Line(text, "output buffer disconnects", Invariant($"{shaping.Disconnects:0} ") +
                Invariant($"(client-output-buffer-limit pubsub; {shaping.CopiesLost:0} copies discarded)"));
        }
        if (report.Resources.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("  resource            utilization   mean queue    max queue");
            foreach (ResourceUsage r in report.Resources)
            {
                text.AppendLine(Invariant($"  {r.Name,-18} {r.Utilization * 100,9:0.0} %  {r.MeanQueue,11:0.0}  ") +
                    Invariant($"{(double.IsNaN(r.MaxQueue)
                        ? "-"
                        : r.MaxQueue.ToString("0", CultureInfo.InvariantCulture)),11}"));
            }
            text.AppendLine();
            text.AppendLine($"  bottleneck: {BottleneckText.Of(report)}");
        }
        return text.ToString();
    }

    /// <summary>
    /// Says that a shaped run's losses come from its users ticking in lockstep, with what the same load spread over
    /// the interval does.
    /// </summary>
    public static string LockstepWarning(Scenario scenario, RunReport lockstep, RunReport spread)
    {
        double interval = scenario.Workload.IntervalSeconds;
        double spreadDrops = spread.RedisShaping?.DropShare ?? 0;
        string verdict = spread.RedisShaping is { LimitsRun: true }
            ? "the shaper still drops copies then, so the lockstep is not the whole story"
            : "so it is the load test's own alignment that makes these bursts; real users do not tick in step";
        return Invariant($"warning: every user starts within {scenario.DialRampSeconds:0.###} s and ticks with ") +
            Invariant($"the others, so each {interval:0.###} s interval's copies leave Redis within milliseconds. ") +
            Invariant($"With sends spread over the interval (ramp {interval:0.###}s) the shaper drops ") +
            Invariant($"{spreadDrops * 100:0.0} % (not {lockstep.RedisShaping!.DropShare * 100:0.0} %) and ") +
            Invariant($"{spread.Metrics.DeliveryRatio * 100:0.0} % are delivered (not ") +
            Invariant($"{lockstep.Metrics.DeliveryRatio * 100:0.0} %): {verdict}.");
    }

    /// <summary>One line per room class, its columns aligned, so the class that suffers stands out.</summary>
    internal static void RoomClassLines(StringBuilder text, IReadOnlyList<RoomClassMetrics> classes)
    {
        text.AppendLine("     room classes (rooms x members):");
        string[] rooms = classes.Select(c => Invariant($"{c.Rooms}")).ToArray();
        string[] sizes = classes.Select(c => c.Sizes is null ? Invariant($"{c.Size}") : $"({c.Sizes}; mean {c.Size})")
            .ToArray();
        string[] received = classes.Select(c => Invariant($"{c.Received:0}")).ToArray();
        string[] expected = classes.Select(c => Invariant($"{c.Expected:0}")).ToArray();
        int roomsWidth = rooms.Max(r => r.Length), sizesWidth = sizes.Max(r => r.Length);
        string[] perSecond = classes.Select(c => Invariant($"{c.ReceivedPerSecond:0.0}/s")).ToArray();
        int receivedWidth = received.Max(r => r.Length), expectedWidth = expected.Max(r => r.Length);
        int perSecondWidth = perSecond.Max(r => r.Length);
        for (int k = 0; k < classes.Count; k++)
        {
            RoomClassMetrics c = classes[k];
            text.AppendLine(
                $"       {rooms[k].PadLeft(roomsWidth)} x {sizes[k].PadRight(sizesWidth)}    " +
                Delivery(c) +
                $"{received[k].PadLeft(receivedWidth)} of {expected[k].PadRight(expectedWidth)} received   " +
                (c.Latency is { Samples: > 0 } l
                    ? $"{perSecond[k].PadRight(perSecondWidth)}   latency p50 {Ms(l.P50)} p95 {Ms(l.P95)}"
                    : perSecond[k]) +
                OwnTraffic(c));
        }
    }

    /// <summary>
    /// "delivery  97.31 %", or a dash where nothing was owed (a class that sends nothing, e.g. `sends: none`): a
    /// ratio of nothing is no 0 %.
    /// </summary>
    private static string Delivery(RoomClassMetrics c) =>
        c.Expected > 0 ? Invariant($"delivery {c.DeliveryRatio * 100,6:0.00} %   ") : "delivery      -     ";

    /// <summary>
    /// What a class does differently from the top level: its sends and its message size ("" when nothing).
    /// </summary>
    private static string OwnTraffic(RoomClassMetrics c)
    {
        var own = new List<string>(3);
        if (c.Members is not null)
        {
            own.Add("members " + c.Members);
        }
        if (c.Sends is not null)
        {
            own.Add("sends " + c.Sends);
        }
        if (c.MessageBytes is not null)
        {
            own.Add("messages " + c.MessageBytes);
        }
        return own.Count == 0 ? "" : "   (" + string.Join("; ", own) + ")";
    }

    /// <summary>
    /// "1.85 GB of 2 GB (task-3: 45000 connections x 40 kB, base and buffers): fits", or that it ran out, plainly.
    /// </summary>
    private static string MemoryText(TaskMemoryPeak memory)
    {
        string peak = Invariant($"{memory.PeakGb:0.###} GB of {memory.TaskMemoryGb:0.###} GB (task-{memory.Task}: ") +
            Invariant($"{memory.ConnectionsAtPeak} connections x {memory.ConnectionMemoryKb:0.###} kB, base and ") +
            "buffers)";
        return memory.ExceededAtSeconds is { } at
            ? peak + Invariant($": OUT OF MEMORY from {at:0.0} s (a real task would be killed with its connections; ") +
                "the model keeps it running with no room to buffer, so the figures above are not the service's)"
            : peak + ": fits";
    }

    private static void Line(StringBuilder text, string name, string value) =>
        text.AppendLine($"     {name.PadRight(26, '.')}: {value}");

    private static string Ms(double seconds) =>
        seconds < 1 ? Invariant($"{seconds * 1000:0.#}ms") : Invariant($"{seconds:0.00}s");

    private static string Share(double part, double whole) =>
        whole > 0 ? Invariant($"{part / whole * 100:0.0} %") : "-";

    private static string Pm(double? halfWidth, string unit) =>
        halfWidth is null ? "" : Invariant($"  ± {halfWidth:0.0##}{unit}");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
