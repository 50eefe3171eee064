using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The most deliveries a second the tasks' CPU can make over a run of at least <c>shortest</c> seconds, however the
/// queues go: what caps <see cref="FluidEstimate.MaxDeliveredPerSecond"/> in overload, where the ratio bound over the
/// shortest run is loose (the sessions stretch, the run lasts longer and receives less a second).
/// <para>
/// Why no run beats it. A run of length D (its last session's end) counts a delivery when a write job runs it, and
/// only if the write finishes before its client's close call, so before D: every counted delivery is in a job that
/// started before D. A task runs its jobs one after another, so all of them but the last it started before D finished
/// by then, and the last counts at most <see cref="MostDeliveriesInOneJob"/>. The finished jobs of one task did at
/// most <see cref="MostWorkPerSecond"/> x D of work: a job of work w lasts w over the task's speed at its start, which
/// is at most its cores (min(vCPU, usable cores)) times the top of its <c>cpu_drift</c> band and of its
/// <c>speed_trace</c> (overheads, idle polling and the wake-up's charges only slow it or add work); under a CFS quota
/// the task gets at most its burst rate, and at most its vCPU x period in each period the run touches, ceil(D / P) of
/// them, so vCPU x (D + P) in all (which the first seconds cannot beat either: a period's budget is all it has).
/// Every delivery cost that work at least <see cref="LeastCpuPerDelivery"/>: its write (per-connection mode: its own
/// Redis read too; per-task mode: a share of its task's one read of the copy, which serves at most the room's members)
/// and a share of its message's inbound job, which the sender's task ran before the copy was published and which
/// serves at most the room's members (the sender's echo included), each job scaled at least by (1 - cpu_jitter).
/// Pooled over the tasks: deliveries &lt;= tasks x (work / least + one job's). Both terms a second only fall as D
/// grows, so the shortest run (<see cref="FluidBound.MostDeliveredPerSecond"/>'s) gives the most.
/// </para>
/// <para>
/// Not covered, as the ratio bound's count is not: churn (drawn session lengths may make the run shorter than the
/// shortest charged). A run stopped by its <c>time_limit</c> is covered with several tasks (each job starts at an event
/// no later than the limit) but not with one task, whose event loop runs ahead of the clock to its next event, which
/// may lie past the limit.
/// </para>
/// </summary>
internal static class TaskCpuCap
{
    public static double DeliveredPerSecond(Scenario scenario, double shortest)
    {
        double least = LeastCpuPerDelivery(scenario);
        if (!(shortest > 0) || !(least > 0))
        {
            return double.PositiveInfinity;
        }
        return scenario.Deployment.Tasks
            * (MostWorkPerSecond(scenario, shortest) / least + MostDeliveriesInOneJob(scenario) / shortest);
    }

    /// <summary>
    /// CPU seconds of work a task's jobs can do a second over a run of <paramref name="shortest"/> seconds or more.
    /// </summary>
    internal static double MostWorkPerSecond(Scenario scenario, double shortest)
    {
        CostProfile p = scenario.CostsOnMachine;
        Deployment d = scenario.Deployment;
        double fastest = (1 + Math.Max(0, p.CpuDrift))
            * Math.Max(1, d.SpeedTrace is { Factors.Count: > 0 } trace ? trace.Factors.Max() : 1);
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
    /// and inbound job are spread thinnest).
    /// </summary>
    internal static double LeastCpuPerDelivery(Scenario scenario)
    {
        CostProfile p = scenario.CostsOnMachine;
        bool perConnection = scenario.Deployment.Subscription == SubscriptionMode.PerConnection;
        double inbound = p.InboundCpuFor(perConnection);
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

    private static double LargestRoom(RoomClass c) =>
        c.Distribution is null ? c.Size : c.RoomSizes().DefaultIfEmpty(0).Max();
}
