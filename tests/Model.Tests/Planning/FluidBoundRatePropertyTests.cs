using CsCheck;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;
using Generators = FanoutSim.Model.Tests.Planning.FluidBoundPropertyTests;
using Services = FanoutSim.Model.Tests.Planning.RoomsFluidBoundPropertyTests;

namespace FanoutSim.Model.Tests.Planning;

/// <summary>
/// The fluid bound's deliveries a second (<see cref="FluidEstimate.MaxDeliveredPerSecond"/>, the sweep's
/// bound_delivered_per_s) is a bound too: no replication delivers more a second, over FluidBoundPropertyTests'
/// generators.
/// </summary>
public class FluidBoundRatePropertyTests
{
    [Fact]
    public void No_replication_delivers_more_a_second_than_the_fluid_bound()
    {
        Generators.s_rooms.Sample(NoReplicationBeatsItsRate, iter: 200, print: Generators.Describe);
    }

    [Fact]
    public void No_replication_of_poisson_or_jittered_sends_delivers_more_a_second_than_the_fluid_bound()
    {
        Generators.s_unalignedRooms.Sample(NoReplicationBeatsItsRate, iter: 200, print: Generators.Describe);
    }

    [Fact]
    public void No_replication_of_a_herd_on_a_saturated_link_delivers_more_a_second_than_the_fluid_bound()
    {
        Generators.s_herds.Sample(NoReplicationBeatsItsRate, iter: 100, print: Generators.Describe);
    }

    /// <summary>
    /// The rooms of FluidBoundPropertyTests with what may make a task faster than nominal or a delivery cheaper: CPU
    /// jitter up to 50 %, drift up to 50 % in windows of 0.5-2 s, a replayed speed trace of 0.5-1.5 half the time, a
    /// CFS quota of 100 ms (on two usable cores, a burst of 0-2 cores) a third of the time, forward batches of 1-60
    /// and read batches of 1-4, per-task writes through each connection's writer or fanned out by the reader (with a
    /// fan-out cost or not), handshakes, closes, inbound messages and idle polling at 0-1 times the profile's (so the
    /// deliveries take most of the CPU), and 1.5 times the users; kept when the tasks are offered more than they can
    /// do, so the tasks' CPU cap (<see cref="TaskCpuCap"/>) is what binds many of them.
    /// </summary>
    internal static readonly Gen<Scenario> s_overloaded = Gen.Select(Generators.s_rooms, Gen.Double[0, 0.5],
        Gen.Double[0, 0.5], Gen.Double[0.5, 2], Gen.Int[0, 5], Gen.Int[1, 60], Gen.Int[1, 4], Gen.Double[0, 2])
        .Select(Gen.Double[0.5, 1.5].Array[30], Gen.Bool, Gen.Bool, Gen.Double[0, 1],
            (t, trace, perConnectionWriters, fanoutCpu, lean) =>
        {
            (Scenario s, double jitter, double drift, double window, int feature, int batch, int reads,
                double burst) = t;
            bool quota = feature % 3 == 0;
            CostProfile profile = s.Profile with
            {
                CpuJitter = Math.Round(jitter, 2),
                CpuDrift = Math.Round(drift, 2),
                CpuDriftWindowSeconds = Math.Round(window, 2),
                ForwardBatch = batch,
                SubscriberReadBatch = reads,
                PerTaskWritesQueuePerConnection = perConnectionWriters,
                LocalFanoutCpuSeconds = fanoutCpu ? 2e-5 : 0,
                UsableCoresPerTask = quota ? 2 : 1,
                CfsPeriodSeconds = quota ? 0.1 : 0,
                ThrottledBurstCores = quota ? Math.Round(burst, 2) : 0,
                HandshakeCpuSeconds = Math.Round(s.Profile.HandshakeCpuSeconds * lean, 6),
                CloseCpuSeconds = Math.Round(s.Profile.CloseCpuSeconds * lean, 6),
                InboundCpuSeconds = Math.Round(s.Profile.InboundCpuSeconds * lean, 6),
                IdlePollCpuPerConnection = Math.Round(s.Profile.IdlePollCpuPerConnection * lean, 6),
            };
            int users = Math.Max(2, s.Workload.Users * 3 / 2);
            return s with
            {
                Workload = s.Workload with { Users = users },
                Profile = profile,
                Deployment = s.Deployment with
                {
                    SpeedTrace = feature % 2 == 0 ? new SpeedTrace(trace.Select(f => Math.Round(f, 2))) : null,
                },
            };
        })
        .Where(s => FluidBound.Of(s).Resource(ResourceId.AnyTaskCpu).OfferedUtilization > 1);

    [Fact]
    public void No_overloaded_replication_delivers_more_a_second_than_the_tasks_cpu_allows()
    {
        NoneBeatsTheCapThatBindsOften(s_overloaded, samples: 150, bindsAtLeast: 3, Describe, "rooms");
    }

    /// <summary>
    /// No replication of <paramref name="samples"/> draws beats its bound, and the tasks' CPU cap is that bound for
    /// more than one in <paramref name="bindsAtLeast"/> of them: a cap that never binds would pass vacuously.
    /// </summary>
    private static void NoneBeatsTheCapThatBindsOften(Gen<Scenario> gen, int samples, int bindsAtLeast,
        Func<Scenario, string> describe, string what)
    {
        int binding = 0;
        gen.Sample(s =>
        {
            if (CapBinds(s))
            {
                Interlocked.Increment(ref binding);
            }
            NoReplicationBeatsItsRate(s);
        }, iter: samples, print: describe);
        Assert.True(binding > samples / bindsAtLeast,
            $"the tasks' CPU caps the bound of only {binding} of {samples} {what}");
    }

    /// <summary>The tasks' CPU cap binds: the bound is below the ratio bound's figure.</summary>
    internal static bool CapBinds(Scenario s)
    {
        Workload w = s.Workload;
        double shortest = Math.Min(s.TimeLimitSeconds, w.Sessions * w.SessionSeconds);
        FluidEstimate bound = FluidBound.Of(s);
        return bound.MaxDeliveredPerSecond < TaskCpuCapTests.RatioFigure(s, bound, shortest) * (1 - 1e-9);
    }

    [Fact]
    public void No_replication_of_a_rooms_service_delivers_more_a_second_than_the_fluid_bound()
    {
        Services.s_services.Sample(NoReplicationBeatsItsRate, iter: 150, print: Services.Describe);
    }

    [Fact]
    public void No_replication_of_a_service_whose_users_share_rooms_delivers_more_a_second_than_the_fluid_bound()
    {
        Services.s_sharedServices.Sample(NoReplicationBeatsItsRate, iter: 100, print: Services.Describe);
    }

    /// <summary>
    /// RoomsFluidBoundPropertyTests' services (own members or shared) with CPU jitter and drift up to 50 %, forward
    /// and read batches of 1-60 and 1-4, and handshakes, closes, inbound messages and idle polling at 0-1 times the
    /// profile's; kept when the tasks are offered more than they can do.
    /// </summary>
    internal static readonly Gen<Scenario> s_overloadedServices =
        Gen.OneOf(Services.s_services, Services.s_sharedServices)
        .Select(Gen.Double[0, 0.5], Gen.Double[0, 0.5], Gen.Int[1, 60], Gen.Int[1, 4], Gen.Double[0, 1],
            (s, jitter, drift, batch, reads, lean) => s with
            {
                Profile = s.Profile with
                {
                    CpuJitter = Math.Round(jitter, 2),
                    CpuDrift = Math.Round(drift, 2),
                    ForwardBatch = batch,
                    SubscriberReadBatch = reads,
                    HandshakeCpuSeconds = Math.Round(s.Profile.HandshakeCpuSeconds * lean, 6),
                    CloseCpuSeconds = Math.Round(s.Profile.CloseCpuSeconds * lean, 6),
                    InboundCpuSeconds = Math.Round(s.Profile.InboundCpuSeconds * lean, 6),
                    IdlePollCpuPerConnection = Math.Round(s.Profile.IdlePollCpuPerConnection * lean, 6),
                },
            })
        .Where(s => FluidBound.Of(s).Resource(ResourceId.AnyTaskCpu).OfferedUtilization > 1);

    [Fact]
    public void No_overloaded_rooms_service_delivers_more_a_second_than_the_tasks_cpu_allows()
    {
        NoneBeatsTheCapThatBindsOften(s_overloadedServices, samples: 100, bindsAtLeast: 5,
            s => Services.Describe(s) + " " + DescribeCosts(s), "services");
    }

    internal static string Describe(Scenario s) => Generators.Describe(s) + " " + DescribeCosts(s);

    /// <summary>What the overload generators draw beyond the room or service: the costs, the quota and the trace.
    /// </summary>
    private static string DescribeCosts(Scenario s)
    {
        CostProfile p = s.Profile;
        return $"jitter={p.CpuJitter} drift={p.CpuDrift}/{p.CpuDriftWindowSeconds}s " +
            $"batch={p.ForwardBatch} reads={p.SubscriberReadBatch} writers={p.PerTaskWritesQueuePerConnection} " +
            $"fanout={p.LocalFanoutCpuSeconds} handshake={p.HandshakeCpuSeconds} close={p.CloseCpuSeconds} " +
            $"inbound={p.InboundCpuSeconds} poll={p.IdlePollCpuPerConnection} " +
            $"quota={p.CfsPeriodSeconds}s burst={p.ThrottledBurstCores} " +
            $"trace={(s.Deployment.SpeedTrace is { } t ? string.Join(",", t.Factors) : "none")}";
    }

    [Theory]
    // Found with these generators when the bound was the ratio bound x the loaded (stretched) send rate over the cycle.
    // 53uULVAbEm83: 89 users on 3 tasks of 0.2 vCPU offered 103 %, sessions 7.6 s against the stretch charged, clients
    // sent 57.3 a second: 4597.4 delivered a second against 4161.9. 09F1KDGQgGg1: 3 users, one 5 s session, every
    // copy delivered; the run ends at the last close (5.252 s), a cycle is 5.253 s: 1.714 against 1.713.
    // cUl85dvn6qH1: a Poisson herd of 52 sent 318 messages, the bound charged the low end of the count (9.92 a second
    // against 19.5 sent): 538.9 against 515.8.
    [InlineData("53uULVAbEm83", "rooms")]
    [InlineData("09F1KDGQgGg1", "unaligned")]
    [InlineData("cUl85dvn6qH1", "herds")]
    // And by the overload generator once the cap was in: 9b2KLWazvdz1, 214 users on four tasks whose speed_trace ran
    // 14 % fast in the run's first seconds, delivered 53,186.3 a second against 53,173.0 while the bound ignored the
    // trace.
    [InlineData("9b2KLWazvdz1", "overloaded")]
    public void The_counterexamples_of_the_loaded_rate_deliver_less_a_second_than_the_bound(string seed, string gen)
    {
        Gen<Scenario> g = gen switch
        {
            "rooms" => Generators.s_rooms,
            "unaligned" => Generators.s_unalignedRooms,
            "overloaded" => s_overloaded,
            _ => Generators.s_herds,
        };
        g.Sample(NoReplicationBeatsItsRate, iter: 1, seed: seed, print: Generators.Describe);
    }

    private static void NoReplicationBeatsItsRate(Scenario s)
    {
        FluidEstimate bound = FluidBound.Of(s);
        foreach (double rate in ScenarioRunner.Run(s).Replications.Select(r => r.DeliveredPerSecond))
        {
            Assert.True(rate <= bound.MaxDeliveredPerSecond * (1 + 1e-12),
                $"simulated {rate:0.###} a second beats the bound {bound.MaxDeliveredPerSecond:0.###}");
        }
    }
}
