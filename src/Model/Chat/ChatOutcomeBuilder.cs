using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>Turns the end state of a run into k6 metrics, resource utilisations and the bottleneck.</summary>
internal static class ChatOutcomeBuilder
{
    public static ChatOutcome Build(
        ChatContext context, ServerTask[] tasks, Simulator<ChatEvent> simulator, long[] eventsByKind)
    {
        ChatCounters counters = context.Counters;
        // Like k6, the test lasts until the last session ends; Redis may still be draining copies nobody reads.
        double duration = simulator.HitTimeLimit ? simulator.TimeLimit : counters.LastSessionEnd;
        duration = Math.Max(duration, 1e-9);
        // Every send is owed to each member of its room, the sender included (k6 counts its own echo).
        long expected = counters.ExpectedByClass.Sum();
        var metrics = new RunMetrics(
            WsMsgsSent: counters.Sent,
            WsMsgsReceived: counters.Received,
            Expected: expected,
            DeliveryRatio: expected == 0 ? 0 : (double)counters.Received / expected,
            DeliveredPerSecond: counters.Received / duration,
            SentPerSecond: counters.Sent / duration,
            DurationSeconds: duration,
            WsSessionDuration: DurationSummary.Of(counters.SessionDurations),
            WsSessions: counters.SessionDurations.Count,
            WsConnectFailures: 0,
            Dropped: counters.Dropped)
        {
            Churn = counters.Churn?.Metrics(duration),
            WsConnecting = DurationSummary.OfAny(counters.ConnectDurations),
            WsClosing = DurationSummary.OfAny(counters.CloseDurations),
        };

        var resources = new List<ResourceUsage>();
        long jobs = 0;
        foreach (ServerTask task in tasks)
        {
            resources.Add(new ResourceUsage(ResourceId.TaskCpu(task.Index), Share(task.BusyTime, duration),
                task.BacklogAverage(duration), task.BacklogMaximum));
            jobs += task.JobsRun;
        }
        RedisBus redis = context.Redis;
        for (int i = 0; i < redis.Shards.Count; i++)
        {
            RedisShard shard = redis.Shards[i];
            int shards = redis.Shards.Count;
            resources.Add(new ResourceUsage(ResourceId.RedisNode(ResourceKind.RedisCpu, i, shards),
                Share(shard.Cpu.BusyTime, duration), shard.Cpu.TotalWait / duration, shard.Cpu.MaxInSystem));
            resources.Add(new ResourceUsage(ResourceId.RedisNode(ResourceKind.RedisEgress, i, shards),
                Share(shard.EgressBusyTime, duration), shard.EgressTotalWait / duration, double.NaN));
        }

        RedisShapingMetrics? shaping = redis.Shaped is { } shaped
            ? new RedisShapingMetrics(shaped.Shaper.PacketsOffered,
                shaped.Shaper.PacketsQueued + shaped.Shaper.PacketsDropped, shaped.Shaper.PacketsDropped,
                shaped.Retransmissions)
            {
                Disconnects = shaped.Disconnects,
                CopiesLost = counters.LostToDisconnect,
                TimerRetries = shaped.IterationWrites ? shaped.TimerRetries : null,
                ProbeAborts = shaped.AbortsOnProbes ? shaped.Aborts : null,
                FreshHeadsThrough = shaped.SpreadsProbes ? shaped.FreshHeadsThrough : null,
            }
            : null;
        TaskMemoryPeak? memory = MemoryPeak(context);
        return new ChatOutcome(metrics, resources, Bottleneck(resources, shaping, memory), counters.ForwardedLate,
            redis.EgressBytesSent, jobs, simulator.EventsProcessed, simulator.HitTimeLimit,
            Enum.GetValues<ChatEventKind>().ToDictionary(k => k.ToString(), k => eventsByKind[(int)k]),
            simulator.PeakPending, shaping, Peaks(redis.EgressTrace, BytesPerInterval(context)),
            Latency(context.Latency.Histogram), RoomClasses(context, duration), memory)
        {
            ForwarderTurns = counters.ForwarderTurns,
            ForwarderWrites = counters.ForwarderWrites,
            InboundAfterCopies = counters.InboundAfterCopies,
            PublishConnects = counters.PublishConnects,
            InboundPendingAtEnd = PendingInbound(context.Connections),
            PublishLag = Latency(context.Latency.PublishLag),
        };
    }

    /// <summary>Messages the tasks had received whose handlers had not taken them when the run ended.</summary>
    private static long PendingInbound(ConnectionTable connections)
    {
        long pending = 0;
        ConnectionColumn<int> column = connections.PendingInbound;
        for (int c = 0; c < column.Length; c++)
        {
            pending += column[c];
        }
        return pending;
    }

    /// <summary>The task whose memory in use peaked highest; null when connections hold no memory.</summary>
    private static TaskMemoryPeak? MemoryPeak(ChatContext context)
    {
        if (context.Memory is not { } tasks)
        {
            return null;
        }
        int busiest = 0;
        for (int i = 1; i < tasks.Length; i++)
        {
            busiest = tasks[i].PeakBytes > tasks[busiest].PeakBytes ? i : busiest;
        }
        double exceeded = tasks.Min(t => double.IsNaN(t.ExceededAt) ? double.PositiveInfinity : t.ExceededAt);
        return new TaskMemoryPeak(busiest, tasks[busiest].PeakBytes / 1e9, tasks[busiest].PeakConnections,
            context.Profile.ConnectionMemoryKb, context.Scenario.Deployment.TaskMemoryGb,
            double.IsPositiveInfinity(exceeded) ? null : exceeded);
    }

    /// <summary>Each room class's delivery; null for a workload that names no rooms.</summary>
    private static IReadOnlyList<RoomClassMetrics>? RoomClasses(ChatContext context, double duration)
    {
        IReadOnlyList<RoomClass>? classes = context.Scenario.Workload.Rooms;
        if (classes is null)
        {
            return null;
        }
        ChatCounters counters = context.Counters;
        var metrics = new List<RoomClassMetrics>(classes.Count);
        for (int k = 0; k < classes.Count; k++)
        {
            long sent = counters.SentByClass[k];
            // One class: whoever wrote the copies (per-task fan-out too) wrote them to it.
            long received = classes.Count == 1 ? counters.Received : counters.ReceivedByClass[k];
            long expected = counters.ExpectedByClass[k];
            RoomClass c = classes[k];
            metrics.Add(new RoomClassMetrics(c.Count, (int)Math.Round((double)c.Members / c.Count), sent, received,
                expected, expected == 0 ? 0 : (double)received / expected, received / duration)
            {
                Sizes = c.Distribution?.Text,
                Sends = OwnTiming(context.Scenario.Workload, c)?.Text,
                MessageBytes = c.MessageSize?.Text,
                Members = c.SharesMembers ? c.Membership.ToText() : null,
                Latency = Latency(context.Latency.HistogramOf(k)),
            });
        }
        return metrics;
    }

    /// <summary>How a class's users send when it differs from the top level (null when it does not).</summary>
    private static SendTiming? OwnTiming(Workload workload, RoomClass c) =>
        workload.TimingOf(c) is { } timing && timing != workload.Timing ? timing : null;

    private static LatencySummary Latency(LatencyHistogram h) =>
        new(h.Quantile(0.5), h.Quantile(0.95), h.Quantile(0.99), h.Max, h.Count);

    private static EgressPeaks Peaks(BinnedAmount trace, double bytesPerInterval)
    {
        double Mbps(int ms) => trace.PeakOver(ms) * 8 / 1e6 / (ms / 1000.0);
        return new EgressPeaks(Mbps(1), Mbps(10), Mbps(100), Mbps(1000), bytesPerInterval);
    }

    /// <summary>
    /// Every user sends once: a message per member of a room, each with a copy per subscriber of its room (its
    /// members' connections, or the tasks: all of them for one room, those holding a member of it otherwise, at
    /// most one per member, exactly one when rooms are kept whole on a task), on the shard that releases most.
    /// </summary>
    private static double BytesPerInterval(ChatContext context)
    {
        if (!context.Scenario.Workload.UniformTiming)
        {
            // Classes sending at their own intervals have no one interval in which every user sends once.
            return 0;
        }
        int tasks = context.Scenario.Deployment.Tasks;
        bool roomAffine = context.Scenario.Deployment.LoadBalancer == LoadBalancing.RoomAffine;
        double[] copies = new double[context.Redis.Shards.Count];
        Workload workload = context.Scenario.Workload;
        // Classes with their own message size: each copy weighed by its class's mean bytes over the profile's.
        double[]? weightOfClass = workload.SetsMessageSizes
            ? [.. workload.RoomClasses.Select(c => c.MessageSize is { } m
                ? context.Profile.RedisCopyBytes(shaped: false, m.MeanBytes) / context.Profile.RedisBytesPerCopy
                : 1)]
            : null;
        for (int room = 0; room < context.Rooms.Count; room++)
        {
            int size = context.Rooms.SizeOf(room);
            int subscribers = context.PerConnection ? size
                : !context.TaskSubscribesPerRoom ? tasks
                : roomAffine && !context.Rooms.IsShared(room) ? 1
                : Math.Min(size, tasks);
            double roomCopies = (double)size * subscribers;
            copies[context.Redis.ShardOf(room)] +=
                weightOfClass is null ? roomCopies : roomCopies * weightOfClass[context.Rooms.ClassOf(room)];
        }
        // Sharded: what the busiest shard releases (each node has its own allowance).
        return copies.Max() * context.Profile.RedisCopyBytes(context.Redis.Shaped is not null);
    }

    /// <summary>A task CPU this busy is the limit, whatever a shaper drops meanwhile.</summary>
    private const double SaturatedCpu = 0.95;

    /// <summary>Busy share of the test; work still queued when the last session ends counts as a full 100 %.</summary>
    private static double Share(double busy, double duration) => Math.Min(1, busy / duration);

    /// <summary>
    /// The busiest resource; a longer queue breaks near-ties, since a saturated resource also queues.
    /// </summary>
    public static ResourceId Bottleneck(IReadOnlyList<ResourceUsage> resources, RedisShapingMetrics? shaping = null,
        TaskMemoryPeak? memory = null)
    {
        // A task that ran out of memory would have been killed with its connections: whatever else was busy, the
        // run past that instant did not happen as simulated.
        if (memory is { Exceeded: true })
        {
            return ResourceId.TaskMemory(memory.Task);
        }
        // A shaper that drops limits the run, however idle it looks on average; unless a task's CPU is saturated,
        // which then holds the sends back whatever Redis does.
        if (shaping is { LimitsRun: true } &&
            !resources.Any(r => r.Id.IsTaskCpu && r.Utilization >= SaturatedCpu))
        {
            return ResourceId.RedisEgress;
        }
        ResourceUsage? best = null;
        foreach (ResourceUsage r in resources)
        {
            if (best is null || r.Utilization > best.Utilization + 0.01 ||
                (Math.Abs(r.Utilization - best.Utilization) <= 0.01 && r.MeanQueue > best.MeanQueue))
            {
                best = r;
            }
        }
        return best?.Id ?? ResourceId.None;
    }
}
