using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Planning;

/// <summary>
/// A fluid (utilisation) model of a scenario: steady-state rates, each resource's offered load and
/// the delivery ratio it can let through. It ignores queueing delays and everything a queue wastes
/// (forwarding to closed sockets, session stretch), so it is an optimistic bound the simulation
/// should never beat, and it matches the simulation where no resource is overloaded. It costs
/// microseconds, which is what lets capacity and plan searches prune before they simulate.
/// </summary>
public static class FluidBound
{
    public static FluidEstimate Of(Scenario scenario)
    {
        if (scenario.Deployment.SpeedTrace is not { } trace)
        {
            return OfSteady(scenario);
        }
        // A run may spend its whole length at any one of the trace's speeds (or at 1, beyond it), and the bound is not
        // monotone in speed (faster tasks stretch sessions less, so clients send more): the most over those speeds.
        // Priced at the trace's mean instead, a traced room delivered 53,186.3 a second against a bound of 53,173.0.
        FluidEstimate? most = null;
        double perSecond = 0;
        foreach (double speed in trace.Factors.Append(1).Distinct())
        {
            FluidEstimate at = OfSteady(AtSpeed(scenario, speed));
            most = most is null || at.MaxRatio > most.MaxRatio ? at : most;
            perSecond = Math.Max(perSecond, at.MaxDeliveredPerSecond);
        }
        return most! with { MaxDeliveredPerSecond = perSecond };
    }

    private static FluidEstimate OfSteady(Scenario scenario)
    {
        if (UsesRoomsBound(scenario))
        {
            return RoomsFluidBound.Of(scenario);
        }
        Workload w = scenario.Workload;
        Deployment d = scenario.Deployment;
        bool perConnection = d.Subscription == SubscriptionMode.PerConnection;
        double cycle = IdealRatio.CycleSeconds(scenario);
        double users = w.Users;
        double sentPerSession = IdealRatio.SendsChargedPerSession(scenario, w.Timing, users);
        double sendRate = users * sentPerSession / cycle;
        double ideal = IdealRatio.Of(scenario);
        double ceiling = IdealRatio.Ceiling(scenario);
        // Sockets are subscribed for about a session out of every cycle.
        double openShare = w.SessionSeconds / cycle;
        double perTask = users / d.Tasks;

        List<ResourceLoad> nominal = Loads(scenario, sendRate, ideal, perTask, openShare, perConnection, cycle);
        // An overloaded event loop serves handshakes and closes one round of ready lanes late, so
        // sessions stretch and clients send less per second; the limits hold at that lower rate. Below overload,
        // users who connect together still queue their handshakes and closes every session.
        double stretch = nominal[0].OfferedUtilization > 1
            ? SessionStretch(scenario, perTask, openShare, sentPerSession,
                StretchDeliveryCpu(scenario.CostsOnMachine, scenario.CostsOnMachine.MessageBytes))
            : HerdStretch(scenario);
        double loadedRate = users * sentPerSession / (cycle + stretch);
        List<ResourceLoad> loaded = stretch > 0
            ? Loads(scenario, loadedRate, ideal, perTask, openShare, perConnection, cycle + stretch)
            : nominal;
        (List<ResourceLoad> resources, double maxRatio, ResourceId bottleneck) = Bind(nominal, loaded, ceiling);
        double mostSent = users * w.Sessions * MostSendsPerSession(scenario, w.Timing, users);
        return new FluidEstimate(sendRate, sendRate * users * ideal, ideal, ceiling, maxRatio,
            MostDeliveredPerSecond(scenario, maxRatio, mostSent * users), resources, bottleneck);
    }

    /// <summary>The scenario at a steady <paramref name="speed"/> times its machine's, without its trace.</summary>
    internal static Scenario AtSpeed(Scenario scenario, double speed) => scenario with
    {
        Profile = SpeedScaling.Faster(scenario.CostsOnMachine, speed),
        Deployment = scenario.Deployment with { MachineSpeedIndex = null, SpeedTrace = null },
    };

    /// <summary>
    /// Deliveries a second no replication beats: a run's figure is what it received over its length (to the last
    /// session's end, or its time limit). It received at most <paramref name="maxRatio"/> of the copies it owed (the
    /// ratio bound), and owed at most <paramref name="mostExpected"/> (every member's copy of the most sends its users
    /// make); it lasted at least a user's sessions back to back, <c>Sessions x SessionSeconds</c>, or its time limit.
    /// The ratio at the loaded (stretched) send rate over the cycle is not a bound: the stretch is an estimate, charged
    /// sends are the low end of their count, and a run's length stops at its last close, a cycle's handshake and close
    /// early (seeds where replications beat it are in FluidBoundRatePropertyTests). Poisson sends have no most: their
    /// count is taken four standard deviations high, so about one replication in 30,000 may beat it. Churn (drawn
    /// session lengths) is not covered: its sessions may be shorter. In overload the tasks' CPU caps it
    /// (<see cref="TaskCpuCap"/>): its tasks cannot write faster, and the run lasts as long as their work takes.
    /// </summary>
    internal static double MostDeliveredPerSecond(Scenario scenario, double maxRatio, double mostExpected)
    {
        Workload w = scenario.Workload;
        double shortest = Math.Min(scenario.TimeLimitSeconds, w.Sessions * w.SessionSeconds);
        return shortest > 0
            ? Math.Min(maxRatio * mostExpected / shortest,
                TaskCpuCap.DeliveredPerSecond(scenario, shortest, maxRatio * mostExpected))
            : double.PositiveInfinity;
    }

    /// <summary>
    /// The most one of <paramref name="members"/> users sends a session: exact ticks all of theirs and the racing one
    /// (<see cref="IdealRatio.SendsAtMostPerSession"/> counts it by its chance), otherwise as that counts them.
    /// </summary>
    internal static double MostSendsPerSession(Scenario scenario, SendTiming timing, double members)
    {
        if (timing.Sends == SendProcess.Ticks && timing.JitterSeconds <= 0)
        {
            (int ticks, bool races) = SendSchedule.Ticks(timing.IntervalSeconds, scenario.Workload.SessionSeconds);
            return ticks + (races ? 1 : 0);
        }
        return IdealRatio.SendsAtMostPerSession(scenario, timing, members);
    }

    /// <summary>
    /// Each resource as offered at the nominal rate with the ratio it allows at the loaded (stretched) one; the bound
    /// is the tightest, never above the ceiling, and the bottleneck the binding resource (the busiest when none binds).
    /// </summary>
    internal static (List<ResourceLoad> Resources, double MaxRatio, ResourceId Bottleneck) Bind(
        List<ResourceLoad> nominal, List<ResourceLoad> loaded, double ceiling)
    {
        var resources = nominal.Zip(loaded, (n, l) => n with { RatioLimit = l.RatioLimit }).ToList();
        double maxRatio = Math.Max(0, Math.Min(ceiling, resources.Min(r => r.RatioLimit)));
        ResourceLoad binding = resources.MinBy(r => r.RatioLimit)!;
        ResourceId bottleneck = binding.RatioLimit < ceiling
            ? binding.Id
            : resources.MaxBy(r => r.OfferedUtilization)!.Id;
        return (resources, maxRatio, bottleneck);
    }

    private static List<ResourceLoad> Loads(Scenario scenario, double sendRate, double ideal, double perTask,
        double openShare, bool perConnection, double cycle)
    {
        Deployment d = scenario.Deployment;
        double copies = perConnection ? scenario.Workload.Users * openShare : d.Tasks;
        return
        [
            TaskCpuLoad(scenario, sendRate, ideal, perTask, openShare, perConnection),
            RedisCpuLoad(scenario.CostsOnMachine, sendRate, copies),
            RedisEgressLoad(scenario, sendRate, copies, perConnection, cycle),
        ];
    }

    /// <summary>
    /// Extra seconds per session when every forwarder has a full batch: one round before the handshake, one before the
    /// close, and one more for each message the control lane cannot read during the session at one a round (one every
    /// 1 + publish_wait_rounds rounds). That backlog is what stretches a 10 s session to 100 s in deep overload (4-16x
    /// the CPU, below 1 vCPU), where its client then sends ten times less a second; without it the simulation beat the
    /// bound there. A batch is charged <paramref name="perDelivery"/> a copy (<see cref="StretchDeliveryCpu"/>): a
    /// round priced at smaller messages than the run's is shorter, its stretch too small and its bound too tight.
    /// </summary>
    internal static double SessionStretch(Scenario scenario, double perTask, double openShare, double sentPerSession,
        double perDelivery)
    {
        CostProfile p = scenario.CostsOnMachine;
        double cores = Math.Min(scenario.Deployment.TaskVcpu, p.UsableCoresPerTask) *
            Math.Max(0.05, 1 - p.IdlePollCpuPerConnection * perTask * openShare);
        double round = Math.Ceiling(perTask)
            * (Math.Max(1, p.ForwardBatch) * perDelivery
                + p.InboundCpuFor(scenario.Deployment.Subscription == SubscriptionMode.PerConnection))
            / cores;
        // With publish_wait_rounds a message's PUBLISH holds the lane that many rounds more before it reads the next.
        double readInSession = Math.Floor(scenario.Workload.SessionSeconds / (round * (1 + p.PublishWaitRounds)));
        double backlog = Math.Max(0, Math.Ceiling(sentPerSession) - readInSession);
        return (p.HandshakeSteps + p.CloseSteps + backlog) * round;
    }

    /// <summary>
    /// Extra seconds per session when users connect together (a ramp shorter than their handshakes take a task): each
    /// session's handshakes, then its closes, queue at every task, so a session may stretch by the whole queue of both.
    /// Used by both bounds: without it link-bound services beat them, several rooms and one alike. Their sessions
    /// lasted longer than the cycle charged (about 10.1 s against 8.3 s), their clients sent less a second than the
    /// bound assumed and the link carried a larger share.
    /// </summary>
    internal static double HerdStretch(Scenario scenario)
    {
        if (scenario.DialRampSeconds >= IdealRatio.NaturalSpread(scenario))
        {
            return 0;
        }
        CostProfile p = scenario.CostsOnMachine;
        bool perConnection = scenario.Deployment.Subscription == SubscriptionMode.PerConnection;
        double cores = Math.Min(scenario.Deployment.TaskVcpu, p.UsableCoresPerTask);
        double handshakes = Math.Ceiling(scenario.Workload.Users / (double)scenario.Deployment.Tasks);
        return handshakes * (p.HandshakeCpuFor(perConnection) + p.CloseCpuFor(perConnection)) / cores;
    }

    /// <summary>
    /// What a forwarder's batch charges a copy of a <paramref name="messageBytes"/>-byte message in
    /// <see cref="SessionStretch"/>: its write and its read, each with the profile's per-KiB costs (at the profile's
    /// own size, its per-message figures exactly). The write is the per-connection one in either mode: the stretch
    /// has never charged a per-task copy's local fan-out.
    /// </summary>
    internal static double StretchDeliveryCpu(CostProfile p, double messageBytes) =>
        p.WriteCpuFor(perConnection: true, messageBytes) + p.ReadCpuFor(messageBytes);

    private static ResourceLoad TaskCpuLoad(Scenario scenario, double sendRate, double ideal, double perTask,
        double openShare, bool perConnection)
    {
        Deployment d = scenario.Deployment;
        CostProfile p = scenario.CostsOnMachine;
        double nominalCores = Math.Min(d.TaskVcpu, p.UsableCoresPerTask);
        // Idle polling of the open sockets slows the event loop (the simulation floors it at 5 %).
        double cores = nominalCores * Math.Max(0.05, 1 - p.IdlePollCpuPerConnection * perTask * openShare);
        double perDelivery = p.WriteCpuFor(perConnection) + (perConnection ? p.SubscriberReadCpuSeconds : 0);
        double fixedWork = sendRate / d.Tasks * p.InboundCpuFor(perConnection)
            + (perConnection ? 0 : sendRate * p.SubscriberReadCpuSeconds);
        double sessionWork = perTask / IdealRatio.CycleSeconds(scenario)
            * (p.HandshakeCpuFor(perConnection) + p.CloseCpuFor(perConnection));
        double wanted = sendRate * perTask;
        // Handshakes and closes are left out of the limit on purpose: they are small, and leaving them out keeps it a
        // bound.
        double limit = perDelivery <= 0 || wanted <= 0
            ? double.PositiveInfinity
            : Math.Max(0, cores - fixedWork) / (perDelivery * wanted);
        double offered = (fixedWork + sessionWork + perDelivery * wanted * ideal) / cores;
        return new ResourceLoad(ResourceId.AnyTaskCpu, offered, limit);
    }

    private static ResourceLoad RedisCpuLoad(CostProfile p, double sendRate, double copiesPerMessage)
    {
        double work = sendRate * (p.RedisPublishCpuSeconds + copiesPerMessage * p.RedisCopyCpuSeconds);
        return new ResourceLoad(ResourceId.RedisCpu, work, work <= 0 ? double.PositiveInfinity : 1 / work);
    }

    private static ResourceLoad RedisEgressLoad(Scenario scenario, double sendRate, double copiesPerMessage,
        bool perConnection, double cycle)
    {
        Workload w = scenario.Workload;
        RedisNodeType node = scenario.Deployment.RedisNode;
        CostProfile p = scenario.CostsOnMachine;
        double copyBytes = p.RedisCopyBytes(node.Shaping is not null);
        double bytesPerSecond = sendRate * copiesPerMessage * copyBytes;
        // Over a run of this length the token bucket lets the link average more than its baseline.
        double horizon = scenario.DialRampSeconds + w.Sessions * cycle;
        double capacity = Math.Min(node.BurstBytesPerSecond, node.BaselineBytesPerSecond + node.BucketBytes / horizon);
        if (node.Shaping is { RateGbps: { } gbps } shaping)
        {
            // Held to a fixed rate at the millisecond scale, whatever credit the node has.
            capacity = Math.Min(capacity, gbps * 1e9 / 8 + shaping.BucketBytes / horizon);
        }
        // Expected deliveries are sent x N; per-connection copies are deliveries, a per-task copy serves N / tasks.
        double deliveriesPerByte = (perConnection ? 1 : w.Users / (double)scenario.Deployment.Tasks) / copyBytes;
        double wanted = sendRate * w.Users;
        double limit = wanted <= 0 ? double.PositiveInfinity : capacity * deliveriesPerByte / wanted;
        return new ResourceLoad(ResourceId.RedisEgress, bytesPerSecond / capacity, limit);
    }

    /// <summary>Redis egress against the node's baseline alone: what a load held for hours would see.</summary>
    public static double SustainedEgressUtilization(Scenario scenario)
    {
        if (UsesRoomsBound(scenario))
        {
            return RoomsFluidBound.SustainedEgressUtilization(scenario);
        }
        FluidEstimate e = Of(scenario);
        Workload w = scenario.Workload;
        Deployment d = scenario.Deployment;
        double openShare = w.SessionSeconds / IdealRatio.CycleSeconds(scenario);
        double copies = d.Subscription == SubscriptionMode.PerConnection ? w.Users * openShare : d.Tasks;
        return e.SendRate * copies * scenario.CostsOnMachine.RedisBytesPerCopy / d.RedisNode.BaselineBytesPerSecond;
    }

    /// <summary>
    /// Several rooms or several shards, or a room class with its own sends or message size: the one-room shortcuts
    /// (every task reads every message, one node, one rate and size) do not hold.
    /// </summary>
    public static bool UsesRoomsBound(Scenario scenario) =>
        scenario.Workload.SeveralRooms || scenario.Deployment.RedisShards > 1 || !scenario.Workload.UniformTiming
        || scenario.Workload.SetsMessageSizes;
}
