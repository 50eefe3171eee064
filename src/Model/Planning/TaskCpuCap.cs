using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The most deliveries a second the tasks' CPU lets a run make, given that it makes at most <c>mostDelivered</c> and
/// lasts at least <c>shortest</c> seconds: what caps <see cref="FluidEstimate.MaxDeliveredPerSecond"/> in overload,
/// where the ratio bound over the shortest run is loose (sessions stretch, the run lasts longer and receives less a
/// second).
/// <para>
/// Why no run beats it. A run of length D (its last session's end) counts a delivery when a write job runs it, and
/// only if the write finishes before its client's close call, so before D: every counted delivery is in a job that
/// started before D. A task runs its jobs one after another, so all of them but the last it started before D finished
/// by then, and the last counts at most <see cref="MostDeliveriesInOneJob"/> (J). The finished jobs of one task did
/// at most W(D) = <see cref="MostWorkPerSecond"/> x D of work: a job of work w lasts w over the task's speed at its
/// start, which is at most its cores (min(vCPU, usable cores)) times the top of its <c>cpu_drift</c> band and of its
/// <c>speed_trace</c> (overheads, idle polling and the wake-up's charges only slow it or add work); under a CFS quota
/// the task gets at most its burst rate, and at most its vCPU x period in each period the run touches, ceil(D / P)
/// of them, so vCPU x (D + P) in all (the first seconds cannot beat that either: a period's budget is all it has).
/// That work paid at least c (<see cref="LeastCpuPerDelivery"/>) for each delivery of a finished job, and the fixed
/// work F (<see cref="FixedWork"/>): every session's handshake and, where each is sure to be read before its session
/// ends, every send's inbound job (else a share of each delivered message's inbound job is in c), each job scaled by
/// at least 1 - cpu_jitter. Pooled over T tasks: c (R - T J) + F &lt;= T W(D). So R / D &lt;= K(D) + E / D with
/// K(D) = T W(D) / (c D), which never grows with D, and E = T J - F / c; and R / D &lt;= R_max / D. With E &gt;= 0
/// both fall as D grows: the shortest run gives the most. With E &lt; 0 the first grows: the most is where
/// R_max / D meets K(shortest) + E / D, D = (R_max - E) / K(shortest), or the shortest run if that is earlier.
/// </para>
/// <para>
/// A run stopped by its <c>time_limit</c> lasts exactly the limit and need not have done the fixed work: the cap
/// without it, over the limit, is taken when looser. Covered with several tasks (each job starts at an event no later
/// than the limit), not with one task, whose event loop runs ahead of the clock to its next event, which may lie past
/// the limit. Not covered either, as the ratio bound's count is not: churn (drawn session lengths).
/// </para>
/// </summary>
internal static class TaskCpuCap
{
    public static double DeliveredPerSecond(Scenario scenario, double shortest, double mostDelivered)
    {
        if (!(shortest > 0))
        {
            return double.PositiveInfinity;
        }
        double handshakes = FixedWork(scenario, sends: false);
        double cap = Cap(scenario, shortest, mostDelivered, LeastCpuPerDelivery(scenario, inboundShared: true),
            handshakes);
        double sends = FixedWork(scenario, sends: true);
        if (sends > handshakes)
        {
            cap = Math.Min(cap, Cap(scenario, shortest, mostDelivered,
                LeastCpuPerDelivery(scenario, inboundShared: false), sends));
        }
        double limited = Math.Min(mostDelivered / scenario.TimeLimitSeconds,
            Cap(scenario, shortest, mostDelivered, LeastCpuPerDelivery(scenario, inboundShared: true), 0));
        return Math.Max(cap, limited);
    }

    /// <summary>
    /// The most of R / D for R &lt;= <paramref name="mostDelivered"/>, D &gt;= <paramref name="shortest"/> and
    /// c (R - T J) + F &lt;= T W(D) (the class's summary).
    /// </summary>
    private static double Cap(Scenario scenario, double shortest, double mostDelivered, double least, double fixedWork)
    {
        double ratio = mostDelivered / shortest;
        if (!(least > 0))
        {
            return ratio;
        }
        int tasks = scenario.Deployment.Tasks;
        double k = tasks * MostWorkPerSecond(scenario, shortest) / least;
        double e = tasks * MostDeliveriesInOneJob(scenario) - fixedWork / least;
        return e >= 0
            ? Math.Min(ratio, k + e / shortest)
            : Math.Min(ratio, mostDelivered * k / (mostDelivered - e));
    }

    /// <summary>
    /// CPU seconds of work a task's jobs can do a second over a run of <paramref name="shortest"/> seconds or more.
    /// </summary>
    internal static double MostWorkPerSecond(Scenario scenario, double shortest)
    {
        CostProfile p = scenario.CostsOnMachine;
        Deployment d = scenario.Deployment;
        double fastest = (1 + Math.Max(0, p.DriftAmplitudeFor(d.TaskVcpu)))
            * (d.SpeedTrace?.Fastest ?? 1);
        double cores = Math.Min(d.TaskVcpu, p.UsableCoresPerTask);
        if (p.CfsPeriodSeconds > 0)
        {
            double burst = p.ThrottledBurstCores > 0
                ? Math.Min(p.ThrottledBurstCores, p.UsableCoresPerTask)
                : p.UsableCoresPerTask;
            cores = Math.Min(burst, d.TaskVcpu * (1 + p.CfsPeriodSeconds / shortest));
        }
        return fastest * cores;
    }

    /// <summary>
    /// The least task CPU one delivery costs, over the room classes (each at its largest room, where the shared read
    /// and inbound job are spread thinnest); <paramref name="inboundShared"/>: with a share of its message's inbound
    /// job (left out where <see cref="FixedWork"/> charges every send's).
    /// </summary>
    internal static double LeastCpuPerDelivery(Scenario scenario, bool inboundShared)
    {
        CostProfile p = scenario.CostsOnMachine;
        bool perConnection = scenario.Deployment.Subscription == SubscriptionMode.PerConnection;
        double inbound = inboundShared ? p.InboundCpuFor(perConnection) : 0;
        double least = double.PositiveInfinity;
        foreach (RoomClass c in scenario.Workload.RoomClasses)
        {
            double n = Math.Max(1, LargestRoom(c));
            double bytes = c.MeanMessageBytes(p);
            double read = p.ReadCpuFor(bytes);
            double cost = p.WriteCpuFor(perConnection, bytes) + (perConnection ? read : read / n) + inbound / n;
            least = Math.Min(least, cost);
        }
        return Math.Max(0, 1 - p.CpuJitter) * least;
    }

    /// <summary>
    /// Task CPU a run that ends at its last session's end surely spent (each job at least 1 - cpu_jitter of its
    /// cost): every session's handshake (each session ends after its close call, which follows its handshake), and
    /// with <paramref name="sends"/> every sure send's inbound job. A client's sends reach its task ahead of its close
    /// frame and its control lane reads them before the close, and its session ends when the close is done; not so
    /// when the close is answered at once or the client gives up on it (a timeout), or when a per-connection handshake
    /// may be refused (its client then sends nothing). Sure sends: exact ticks before the close (the racing one may be
    /// lost), jittered ticks made even at the largest delay, no Poisson send. Churn plans sessions one by one: 0.
    /// </summary>
    internal static double FixedWork(Scenario scenario, bool sends)
    {
        Workload w = scenario.Workload;
        CostProfile p = scenario.CostsOnMachine;
        bool perConnection = scenario.Deployment.Subscription == SubscriptionMode.PerConnection;
        if (w.HasChurn)
        {
            return 0;
        }
        double work = (double)w.Users * w.Sessions * p.HandshakeCpuFor(perConnection);
        if (sends && p.ClientCloseTimeoutSeconds <= 0 && !p.CloseAnsweredAtOnce
            && !(perConnection && p.RedisConnectTimeoutSeconds > 0))
        {
            double sure = w.RoomClasses.Sum(c => SureSendsPerSession(w, w.TimingOf(c)) is > 0 and var each
                ? c.Members * each
                : 0);
            work += sure * w.Sessions * p.InboundCpuFor(perConnection);
        }
        return Math.Max(0, 1 - p.CpuJitter) * work;
    }

    /// <summary>Sends a session surely makes (<see cref="FixedWork"/>).</summary>
    internal static double SureSendsPerSession(Workload w, SendTiming timing)
    {
        if (timing.Sends != SendProcess.Ticks)
        {
            return 0;
        }
        (int ticks, _) = SendSchedule.Ticks(timing.IntervalSeconds, w.SessionSeconds);
        int sure = 0;
        while (sure < ticks && (sure + 1) * timing.IntervalSeconds + timing.JitterSeconds < w.SessionSeconds)
        {
            sure++;
        }
        return timing.JitterSeconds > 0 ? sure : ticks;
    }

    /// <summary>
    /// The most deliveries one job counts: a forwarder's turn writes at most a batch; a per-task fan-out turn reads
    /// up to a read batch of copies, each written to at most its room's members.
    /// </summary>
    internal static double MostDeliveriesInOneJob(Scenario scenario)
    {
        CostProfile p = scenario.CostsOnMachine;
        double forwarder = Math.Max(1, p.ForwardBatch);
        if (scenario.Deployment.Subscription == SubscriptionMode.PerConnection)
        {
            return forwarder;
        }
        double largest = scenario.Workload.RoomClasses.Max(LargestRoom);
        return Math.Max(forwarder, Math.Max(1, p.SubscriberReadBatch) * largest);
    }

    /// <summary>The class's rooms' most members: its size, or its law's largest (no room is larger; a larger room only
    /// lowers a delivery's least cost and raises one job's deliveries, so the cap only loosens).</summary>
    private static double LargestRoom(RoomClass c) => c.Distribution?.Max ?? c.Size;
}
