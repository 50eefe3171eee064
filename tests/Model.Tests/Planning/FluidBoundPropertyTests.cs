using CsCheck;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class FluidBoundPropertyTests
{
    internal static readonly RedisNodeType[] s_nodes =
    [
        TestScenarios.SmallNode,
        new RedisNodeType("shaped-20mbps", 0.02, 0.02, 0, 0, 0),
        TestScenarios.SmallNode with { Shaping = new EgressShaping(16_000, 256_000, 0.128) },
        new RedisNodeType("dropping-20mbps", 0.02, 0.02, 0, 0, 0) { Shaping = new EgressShaping(8_000, 32_000) },
    ];

    /// <summary>
    /// Small rooms of every shape the planner meets: both modes, a few tasks, aligned or drifting, from a whole vCPU
    /// down to deep overload on a twentieth of one (where sessions stretch tenfold).
    /// </summary>
    internal static readonly Gen<Scenario> s_rooms = Gen.Select(
        Gen.Int[2, 150], Gen.Double[0.5, 3], Gen.Int[5, 10], Gen.Int[1, 3], Gen.Int[1, 4],
        Gen.Enum<SubscriptionMode>(), Gen.Int[0, s_nodes.Length - 1], Gen.Int[1, 1000])
        .Select(Gen.Double[0.05, 1], (room, vcpu) => (room, vcpu))
        .Select(t =>
        {
            (int users, double interval, int session, int sessions, int tasks, SubscriptionMode mode, int node,
                int seed) = t.room;
            Scenario room = TestScenarios.Room(users, tasks: tasks, mode: mode, node: s_nodes[node],
                seed: (ulong)seed, vcpu: Math.Round(t.vcpu, 2));
            return room with
            {
                Workload = new Workload(users, Math.Round(interval, 2), session, sessions, 0),
                Replications = 2,
            };
        });

    [Fact]
    public void No_replication_beats_the_fluid_bound()
    {
        s_rooms.Sample(NoReplicationBeatsItsBound, iter: 400, print: Describe);
    }

    /// <summary>The same rooms with real users' timing: Poisson sends, or ticks a random delay late.</summary>
    internal static readonly Gen<Scenario> s_unalignedRooms = s_rooms
        .Select(Gen.Bool, Gen.Double[0, 1], (s, poisson, jitter) => s with
        {
            Workload = s.Workload with
            {
                Sends = poisson ? SendProcess.Poisson : SendProcess.Ticks,
                SendJitterSeconds = poisson ? 0 : Math.Round(jitter * s.Workload.IntervalSeconds, 2),
            },
        });

    [Fact]
    public void No_replication_of_poisson_or_jittered_sends_beats_the_fluid_bound()
    {
        s_unalignedRooms.Sample(NoReplicationBeatsItsBound, iter: 400, print: Describe);
    }

    [Fact]
    public void Jittered_ticks_that_skip_their_late_last_send_stay_under_the_bound()
    {
        // Found by the property above when the bound charged jittered ticks the sender's sure misses of exact ticks:
        // a replication whose last tick fell after the close delivered 100 % against a bound of 97.4 %.
        Scenario room = TestScenarios.Room(3, tasks: 3, node: s_nodes[3], seed: 487, vcpu: 0.69);
        Scenario s = room with
        {
            Workload = new Workload(3, 0.61, 8, 1, 0, SendJitterSeconds: 0.24),
            Replications = 2,
        };
        NoReplicationBeatsItsBound(s);
    }

    /// <summary>
    /// Herds: 10-400 users connecting at once to 1-3 tasks (no ramp) with handshakes and closes of one to eight times
    /// the profile's, cheap deliveries, and a fluid or shaped link sized to be offered 0.8-1.8 times what it carries;
    /// kept when the tasks are not overloaded and the herd's queue is at least a tenth of the cycle. Their sessions
    /// stretch below overload, their clients send less a second, and the link carries a larger share.
    /// </summary>
    internal static readonly Gen<Scenario> s_herds = Gen.Select(
        Gen.Int[10, 400], Gen.Double[0.5, 5], Gen.Int[1, 10], Gen.Int[1, 3], Gen.Int[1, 3],
        Gen.Int[0, 3], Gen.Bool, Gen.Int[1, 1000])
        .Select(Gen.Double[0.05, 1], Gen.Double[1, 8], Gen.Int[300, 3000], Gen.Double[0.8, 1.8], Gen.Double[0.1, 1],
            (room, vcpu, costly, copy, load, cheap) => (room, vcpu, costly, copy, load, cheap))
        .Select(Gen.Int[0, 2], Gen.Double[0, 1], (t, sends, jitter) =>
        {
            (int users, double interval, int session, int sessions, int tasks, int mode, bool shaped,
                int seed) = t.room;
            CostProfile python = TestScenarios.Python;
            CostProfile profile = python with
            {
                HandshakeCpuSeconds = Math.Round(python.HandshakeCpuSeconds * t.costly, 5),
                CloseCpuSeconds = Math.Round(python.CloseCpuSeconds * t.costly, 5),
                DeliveryCpuSeconds = Math.Round(python.DeliveryCpuSeconds * t.cheap, 7),
                RedisBytesPerCopy = t.copy,
            };
            // Per task three times in four: per connection, no sample of the hunt came within 8 % of the bound.
            Scenario room = TestScenarios.Room(users, tasks: tasks,
                mode: mode == 0 ? SubscriptionMode.PerConnection : SubscriptionMode.PerTask,
                node: new RedisNodeType("probe", 1, 1, 0, 0, 0), seed: (ulong)seed, vcpu: Math.Round(t.vcpu, 2),
                profile: profile);
            room = room with
            {
                Workload = new Workload(users, Math.Round(interval, 2), session, sessions, 0)
                {
                    Sends = sends == 1 ? SendProcess.Poisson : SendProcess.Ticks,
                    SendJitterSeconds = sends == 2 ? Math.Round(jitter * Math.Round(interval, 2), 2) : 0,
                },
                Replications = 2,
            };
            // The probe's 1 Gbit/s is offered u of its capacity: a link of u / load Gbit/s is offered load.
            double u = FluidBound.Of(room).Resource(ResourceId.RedisEgress).OfferedUtilization;
            double mbps = Math.Round(1000 * u / t.load, 6);
            RedisNodeType node = shaped ? RedisNodeType.Shaped(mbps)
                : new RedisNodeType($"fluid-{mbps}mbps", mbps / 1000, mbps / 1000, 0, 0, 0);
            return room with { Deployment = room.Deployment with { RedisNode = node } };
        })
        .Where(s => s.Deployment.RedisNode.BaselineGbps > 0
            && FluidBound.Of(s).Resource(ResourceId.AnyTaskCpu).OfferedUtilization < 1
            && FluidBound.HerdStretch(s) > 0.1 * IdealRatio.CycleSeconds(s));

    [Fact]
    public void No_replication_of_a_herd_on_a_saturated_link_beats_the_fluid_bound()
    {
        s_herds.Sample(NoReplicationBeatsItsBound, iter: 400, print: Describe);
    }

    /// <summary>
    /// The same herds started by a load generator that spreads its dials (profile <c>client_start_spread</c>, up to
    /// half a second): the simulation and the bound both start users over the spread, so it stays a bound.
    /// </summary>
    [Fact]
    public void No_replication_of_a_herd_a_load_generator_spreads_beats_the_fluid_bound()
    {
        s_herds.Select(Gen.Double[0, 0.5], (s, spread) =>
                s with { Profile = s.Profile with { ClientStartSpreadSeconds = Math.Round(spread, 3) } })
            .Sample(NoReplicationBeatsItsBound, iter: 150, print: Describe);
    }

    [Fact]
    public void A_link_bound_room_whose_users_connect_together_stays_under_the_bound()
    {
        // Found by a hunt with the generator above when the one-room bound stretched no session below task overload:
        // 82 users connecting at once queued 5.4 s of handshakes and closes at each of two tasks (0.31 vCPU, 97 %
        // offered) every session, the clients sent 58.9 messages a second against the 75.0 charged, and the
        // 0.42 Mbit/s link (offered 180 %) carried a larger share: 55.816 % delivered against a bound of 55.556 %.
        CostProfile profile = TestScenarios.Python with
        {
            HandshakeCpuSeconds = 0.02476,
            CloseCpuSeconds = 0.01609,
            DeliveryCpuSeconds = 1.2e-5,
            RedisBytesPerCopy = 628,
        };
        Scenario room = TestScenarios.Room(82, tasks: 2, mode: SubscriptionMode.PerTask,
            node: new RedisNodeType("fluid-0.418495mbps", 0.000418495, 0.000418495, 0, 0, 0), seed: 729, vcpu: 0.31,
            profile: profile);
        Scenario s = room with { Workload = new Workload(82, 1, 9, 3, 0), Replications = 2 };
        FluidEstimate bound = FluidBound.Of(s);
        Assert.True(bound.Resource(ResourceId.AnyTaskCpu).OfferedUtilization < 1,
            $"task CPU offered {bound.Resource(ResourceId.AnyTaskCpu).OfferedUtilization:P1}");
        NoReplicationBeatsItsBound(s);
    }

    private static void NoReplicationBeatsItsBound(Scenario s)
    {
        FluidEstimate bound = FluidBound.Of(s);
        foreach (double ratio in ScenarioRunner.Run(s).Replications.Select(r => r.DeliveryRatio))
        {
            Assert.True(ratio <= bound.MaxRatio + 1e-12,
                $"simulated {ratio:P3} beats the bound {bound.MaxRatio:P3} ({bound.Bottleneck})");
        }
    }

    internal static string Describe(Scenario s) =>
        $"{s.Workload.Sends} jitter={s.Workload.SendJitterSeconds} " +
        $"N={s.Workload.Users} interval={s.Workload.IntervalSeconds} session={s.Workload.SessionSeconds} " +
        $"x{s.Workload.Sessions} tasks={s.Deployment.Tasks} vcpu={s.Deployment.TaskVcpu} {s.Deployment.Subscription} " +
        $"{s.Deployment.RedisNode.Name} seed={s.Seed}";
}
