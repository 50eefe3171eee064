using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Rooms;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The fluid bound of several rooms or a sharded Redis. Each resource's limit is the most deliveries its capacity can
/// pay for whatever the order it serves them in (<see cref="MostDeliveries"/>), over what the workload expects:
/// every task's CPU pooled (an uneven spread over tasks only delivers less), and each Redis shard alone with the rooms
/// whose channel hashes to it (<see cref="HashSlots"/>, as the simulation places them). A delivery costs a shard at
/// least its copy and a share of its PUBLISH (and of classic cluster's bus forwards) spread over every member of the
/// room, so the bound holds however many members are subscribed or share a task; per-task copies count the same way.
/// Sessions stretch under task overload, and below it by a herd's queue, as in <see cref="FluidBound"/>. A room sends
/// at its class's rate (each user's sends a session, over the cycle) and its copies take its class's mean message
/// size. A shared class's rooms count like any: their sends and copies are per member (a user in two rooms sends and
/// receives in both), the connections and their sessions per user.
/// </summary>
internal static class RoomsFluidBound
{
    /// <summary>Classes whose count varies beyond which only their low counts are tried (2^10 bounds at most).
    /// </summary>
    public const int MostVaryingClassesTried = 10;

    /// <summary>
    /// The loosest bound over the ends of every class's count that varies between replications (Poisson or jittered
    /// sends): one class alone delivers a larger share when it sends less, so its low count is the bound; mixed
    /// classes may deliver more when a cheap one sends more, so every combination of low and high counts is tried.
    /// </summary>
    public static FluidEstimate Of(Scenario scenario)
    {
        Workload w = scenario.Workload;
        double[] low =
            [.. w.RoomClasses.Select(c => IdealRatio.SendsChargedPerSession(scenario, w.TimingOf(c), c.Members))];
        double[] high =
            [.. w.RoomClasses.Select(c => IdealRatio.SendsAtMostPerSession(scenario, w.TimingOf(c), c.Members))];
        int[] varying = [.. Enumerable.Range(0, low.Length).Where(k => high[k] > low[k])];
        // Where the rooms sit does not depend on how much they send: placed once for every combination.
        var rooms = RoomPlacement.Of(scenario);
        FluidEstimate loosest = Of(scenario, rooms, low);
        if (low.Length < 2 || varying.Length == 0 || varying.Length > MostVaryingClassesTried)
        {
            return loosest;
        }
        for (int corner = 1; corner < 1 << varying.Length; corner++)
        {
            double[] sent = [.. low];
            for (int bit = 0; bit < varying.Length; bit++)
            {
                if ((corner & (1 << bit)) != 0)
                {
                    sent[varying[bit]] = high[varying[bit]];
                }
            }
            FluidEstimate estimate = Of(scenario, rooms, sent);
            if (estimate.MaxRatio > loosest.MaxRatio)
            {
                loosest = estimate;
            }
        }
        return loosest;
    }

    private static FluidEstimate Of(Scenario scenario, RoomPlacement rooms, double[] sentPerSession)
    {
        Workload w = scenario.Workload;
        Deployment d = scenario.Deployment;
        double cycle = IdealRatio.CycleSeconds(scenario);
        double ideal = IdealRatio.Of(scenario);
        double ceiling = IdealRatio.Ceiling(scenario);
        double openShare = w.SessionSeconds / cycle;
        double perTask = w.Users / (double)d.Tasks;

        var nominalRates = RoomRates.Of(rooms, [.. sentPerSession.Select(sent => sent / cycle)]);
        List<ResourceLoad> nominal = Loads(scenario, rooms, nominalRates, ideal, perTask, openShare, cycle);
        // Each class's sessions stretch by the backlog its own sends make (a user in several rooms: by all of its
        // sends, its busiest member's); the egress horizon by the least of them.
        double[] stretchSends = w.SharesMembers ? SendsOfBusiestMember(w, sentPerSession) : sentPerSession;
        // A task's round holds lanes of any class, each batch charged as the simulation charges its class (its
        // law's mean size): priced at the costliest, the stretch is never shorter than the run's.
        CostProfile p = scenario.CostsOnMachine;
        double perDelivery = w.RoomClasses.Max(c => FluidBound.StretchDeliveryCpu(p, c.MeanMessageBytes(p)));
        // Below overload, users who connect together still queue their handshakes and closes every session.
        double herd = FluidBound.HerdStretch(scenario);
        double[] stretch = nominal[0].OfferedUtilization > 1
            ? [.. stretchSends.Select(sent => FluidBound.SessionStretch(scenario, perTask, openShare, sent,
                perDelivery))]
            : [.. sentPerSession.Select(_ => herd)];
        var loadedRates = RoomRates.Of(rooms,
            [.. sentPerSession.Select((sent, k) => sent / (cycle + stretch[k]))]);
        List<ResourceLoad> loaded = stretch.Any(x => x > 0)
            ? Loads(scenario, rooms, loadedRates, ideal, perTask, openShare, cycle + stretch.Min())
            : nominal;
        (List<ResourceLoad> resources, double maxRatio, ResourceId bottleneck) =
            FluidBound.Bind(nominal, loaded, ceiling);
        double sendRate = RoomRates.Of(rooms, sentPerSession).Members() / cycle;
        // Every member's copy of the most each room's members send (FluidBound.MostDeliveredPerSecond).
        double mostExpected = w.Sessions * RoomRates.Of(rooms,
            [.. w.RoomClasses.Select(c => FluidBound.MostSendsPerSession(scenario, w.TimingOf(c), c.Members))])
            .Squares();
        return new FluidEstimate(sendRate, nominalRates.Squares() * ideal, ideal, ceiling, maxRatio,
            FluidBound.MostDeliveredPerSecond(scenario, maxRatio, mostExpected), resources, bottleneck);
    }

    /// <summary>
    /// Per class, the most a member sends a session over all its rooms (<paramref name="sentPerSession"/> per room of
    /// each class): its control lane reads them all, and so its close waits behind all of them.
    /// </summary>
    private static double[] SendsOfBusiestMember(Workload w, double[] sentPerSession)
    {
        var layout = new RoomLayout(w);
        double[] most = new double[sentPerSession.Length];
        for (int user = 0; user < layout.Users; user++)
        {
            double sent = layout.RoomsOf(user).Sum(room => sentPerSession[layout.ClassOf(room)]);
            foreach (int room in layout.RoomsOf(user))
            {
                int k = layout.ClassOf(room);
                most[k] = Math.Max(most[k], sent);
            }
        }
        return most;
    }

    /// <summary>The busiest shard's egress against the node's baseline alone: what a held load sees.</summary>
    public static double SustainedEgressUtilization(Scenario scenario)
    {
        Deployment d = scenario.Deployment;
        Workload w = scenario.Workload;
        double cycle = IdealRatio.CycleSeconds(scenario);
        var rooms = RoomPlacement.Of(scenario);
        var perUser = RoomRates.Of(rooms,
            [.. w.RoomClasses.Select(c => IdealRatio.SendsPerSession(scenario, w.TimingOf(c)) / cycle)]);
        double busiest = 0;
        for (int shard = 0; shard < d.RedisShards; shard++)
        {
            busiest = Math.Max(busiest, ShardBytesPerSecond(scenario, rooms, shard, perUser, w.SessionSeconds / cycle));
        }
        return busiest / d.RedisNode.BaselineBytesPerSecond;
    }

    /// <summary>Task CPU first (the session stretch reads it), then each shard's CPU and egress.</summary>
    private static List<ResourceLoad> Loads(Scenario scenario, RoomPlacement rooms, RoomRates perUser, double ideal,
        double perTask, double openShare, double cycle)
    {
        int shards = scenario.Deployment.RedisShards;
        var cpu = new List<ShardShare>();
        var egress = new List<ShardShare>();
        for (int shard = 0; shard < shards; shard++)
        {
            cpu.Add(RedisCpuShare(scenario, rooms, shard, perUser, openShare));
            egress.Add(RedisEgressShare(scenario, rooms, shard, perUser, openShare, cycle));
        }
        double wanted = perUser.Squares();
        List<ResourceLoad> loads = [TaskCpuLoad(scenario, rooms, perUser, ideal, perTask, openShare)];
        for (int shard = 0; shard < shards; shard++)
        {
            loads.Add(ShardLoad(cpu, shard, wanted));
            loads.Add(ShardLoad(egress, shard, wanted));
        }
        return loads;
    }

    /// <summary>
    /// A shard limits only its own rooms' deliveries: with headroom, the ratio is above 1 by its share of the whole;
    /// saturated, the ratio is at most what every shard of its kind can deliver together (each its own rooms' at
    /// most), over what the workload wants. A shard that owns no room never limits.
    /// </summary>
    private static ResourceLoad ShardLoad(List<ShardShare> shares, int shard, double wanted)
    {
        ShardShare s = shares[shard];
        double limit;
        if (s.Own <= 0 || double.IsPositiveInfinity(s.Share))
        {
            limit = double.PositiveInfinity;
        }
        else if (s.Share >= 1)
        {
            limit = 1 + s.Own / wanted * (s.Share - 1);
        }
        else
        {
            limit = shares.Sum(x => x.Own * Math.Min(1, x.Share)) / wanted;
        }
        return new ResourceLoad(s.Id, s.Offered, limit);
    }

    /// <summary>One shard's CPU or egress: what it is offered, its rooms' wanted deliveries and the share it lets
    /// through.</summary>
    private sealed record ShardShare(ResourceId Id, double Offered, double Own, double Share);

    private static ResourceLoad TaskCpuLoad(Scenario scenario, RoomPlacement rooms, RoomRates perUser, double ideal,
        double perTask, double openShare)
    {
        Deployment d = scenario.Deployment;
        CostProfile p = scenario.CostsOnMachine;
        bool perConnection = d.Subscription == SubscriptionMode.PerConnection;
        // Idle polling of the open sockets slows the event loop (the simulation floors it at 5 %).
        double cores = Math.Min(d.TaskVcpu, p.UsableCoresPerTask)
            * Math.Max(0.05, 1 - p.IdlePollCpuPerConnection * perTask * openShare);
        double sendRate = perUser.Members();
        double inbound = sendRate * p.InboundCpuFor(perConnection);
        double write = p.WriteCpuFor(perConnection);
        double read = p.SubscriberReadCpuSeconds;
        // A per-task copy is read once and written to at most every member of its room; each at its room's size.
        var demands = rooms.Sizes.Select((n, room) =>
        {
            double bytes = rooms.MessageBytesOf[room];
            double readRoom = p.ReadCpuFor(bytes);
            return new MostDeliveries.Demand(perUser[room] * n * n,
                p.WriteCpuFor(perConnection, bytes) + (perConnection ? readRoom : readRoom / n));
        }).ToList();
        double capacity = d.Tasks * cores - inbound;
        double limit = capacity <= 0 ? 0 : MostDeliveries.Share(capacity, demands);
        // What the tasks are offered, for display and for the stretch: a per-task copy goes to every task holding a
        // member (at most one per member), handshakes and closes included.
        double sessions = scenario.Workload.Users / IdealRatio.CycleSeconds(scenario)
            * (p.HandshakeCpuFor(perConnection) + p.CloseCpuFor(perConnection));
        // Each at its class's mean size, as the simulation charges it (MessageCpu): offered at the profile's size, a
        // class of large messages overloads the tasks unseen, its sessions do not stretch and the bound is too tight.
        double[] meanBytes = [.. rooms.ClassOf.Select(k => scenario.Workload.RoomClasses[k].MeanMessageBytes(p))];
        double reads = perConnection ? 0
            : rooms.Sizes.Select((n, room) => perUser[room] * n * Math.Min(d.Tasks, n) * p.ReadCpuFor(meanBytes[room]))
                .Sum();
        // Beyond the profile's per-message figures, which the first term charges every delivery (0 at its size).
        double beyond = rooms.Sizes.Select((n, room) => perUser[room] * n * n
            * (p.WriteCpuFor(perConnection, meanBytes[room]) - write
                + (perConnection ? p.ReadCpuFor(meanBytes[room]) - read : 0))).Sum();
        double deliveries = perUser.Squares() * ideal * (write + (perConnection ? read : 0)) + ideal * beyond;
        double offered = (inbound + sessions + reads + deliveries) / (d.Tasks * cores);
        return new ResourceLoad(ResourceId.AnyTaskCpu, offered, limit);
    }

    private static ShardShare RedisCpuShare(Scenario scenario, RoomPlacement rooms, int shard, RoomRates perUser,
        double openShare)
    {
        Deployment d = scenario.Deployment;
        CostProfile p = scenario.CostsOnMachine;
        bool perConnection = d.Subscription == SubscriptionMode.PerConnection;
        double work = 0;
        var demands = new List<MostDeliveries.Demand>();
        for (int room = 0; room < rooms.Sizes.Length; room++)
        {
            int n = rooms.Sizes[room];
            if (rooms.ShardOf[room] == shard)
            {
                double copy = p.RedisCopyCpuFor(p.RedisCopyBytes(shaped: false, rooms.MessageBytesOf[room]));
                demands.Add(new MostDeliveries.Demand(perUser[room] * n * n,
                    (perConnection ? copy : copy / n)
                    + p.RedisPublishCpuSeconds / n));
                work += perUser[room] * n
                    * (p.RedisPublishCpuSeconds + Copies(scenario, n, openShare) * p.RedisCopyCpuSeconds);
            }
            else if (ClusterBus.ForwardsEveryPublish(d))
            {
                // Another master's PUBLISH forwarded over the bus: work here, no delivery (left out of the limit).
                work += perUser[room] * n * p.RedisPublishCpuSeconds;
            }
        }
        return Share(ResourceId.RedisNode(ResourceKind.RedisCpu, shard, d.RedisShards), work, 1, demands);
    }

    private static ShardShare RedisEgressShare(Scenario scenario, RoomPlacement rooms, int shard, RoomRates perUser,
        double openShare, double cycle)
    {
        Workload w = scenario.Workload;
        Deployment d = scenario.Deployment;
        RedisNodeType node = d.RedisNode;
        bool perConnection = d.Subscription == SubscriptionMode.PerConnection;
        // Over a run of this length the token bucket lets the link average more than its baseline.
        double horizon = scenario.DialRampSeconds + w.Sessions * cycle;
        double capacity = Math.Min(node.BurstBytesPerSecond, node.BaselineBytesPerSecond + node.BucketBytes / horizon);
        if (node.Shaping is { RateGbps: { } gbps } shaping)
        {
            capacity = Math.Min(capacity, gbps * 1e9 / 8 + shaping.BucketBytes / horizon);
        }
        // A master that shares its egress per flow lets the copies through ahead of its bus: the bus loads the link
        // but costs deliveries nothing.
        bool busCostsDeliveries = !ClusterBus.SharesEgressPerFlow(d);
        var demands = new List<MostDeliveries.Demand>();
        for (int room = 0; room < rooms.Sizes.Length; room++)
        {
            int n = rooms.Sizes[room];
            if (rooms.ShardOf[room] == shard)
            {
                (double copyBytes, double forward) = rooms.BytesOf[room];
                demands.Add(new MostDeliveries.Demand(perUser[room] * n * n,
                    (perConnection ? copyBytes : copyBytes / n) + (busCostsDeliveries ? forward / n : 0)));
            }
        }
        double bytes = ShardBytesPerSecond(scenario, rooms, shard, perUser, openShare);
        return Share(ResourceId.RedisNode(ResourceKind.RedisEgress, shard, d.RedisShards), bytes, capacity, demands);
    }

    private static ShardShare Share(ResourceId id, double work, double capacity, List<MostDeliveries.Demand> demands) =>
        new(id, work / capacity, demands.Sum(x => x.PerSecond), MostDeliveries.Share(capacity, demands));

    /// <summary>Bytes a second a shard sends: its rooms' copies and, in classic cluster, their bus forwards.</summary>
    private static double ShardBytesPerSecond(Scenario scenario, RoomPlacement rooms, int shard, RoomRates perUser,
        double openShare)
    {
        double bytes = 0;
        for (int room = 0; room < rooms.Sizes.Length; room++)
        {
            int n = rooms.Sizes[room];
            if (rooms.ShardOf[room] == shard)
            {
                (double copyBytes, double forward) = rooms.BytesOf[room];
                bytes += perUser[room] * n * (Copies(scenario, n, openShare) * copyBytes + forward);
            }
        }
        return bytes;
    }

    /// <summary>Copies a PUBLISH of a room of <paramref name="n"/> makes, about: its open members, or its tasks.
    /// </summary>
    private static double Copies(Scenario scenario, int n, double openShare) =>
        scenario.Deployment.Subscription == SubscriptionMode.PerConnection
            ? n * openShare
            : Math.Min(scenario.Deployment.Tasks, n);
}
