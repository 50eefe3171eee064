using CsCheck;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

/// <summary>
/// The fluid bound's deliveries a second (<see cref="FluidEstimate.MaxDeliveredPerSecond"/>, the sweep's
/// bound_delivered_per_s) is a bound too: no replication delivers more a second. The generators are
/// FluidBoundPropertyTests' (copied: that class is another property round's).
/// </summary>
public class FluidBoundRatePropertyTests
{
    private static readonly RedisNodeType[] s_nodes =
    [
        TestScenarios.SmallNode,
        new RedisNodeType("shaped-20mbps", 0.02, 0.02, 0, 0, 0),
        TestScenarios.SmallNode with { Shaping = new EgressShaping(16_000, 256_000, 0.128) },
        new RedisNodeType("dropping-20mbps", 0.02, 0.02, 0, 0, 0) { Shaping = new EgressShaping(8_000, 32_000) },
    ];

    private static readonly Gen<Scenario> s_rooms = Gen.Select(
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

    private static readonly Gen<Scenario> s_unalignedRooms = s_rooms
        .Select(Gen.Bool, Gen.Double[0, 1], (s, poisson, jitter) => s with
        {
            Workload = s.Workload with
            {
                Sends = poisson ? SendProcess.Poisson : SendProcess.Ticks,
                SendJitterSeconds = poisson ? 0 : Math.Round(jitter * s.Workload.IntervalSeconds, 2),
            },
        });

    private static readonly Gen<Scenario> s_herds = Gen.Select(
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
    public void No_replication_delivers_more_a_second_than_the_fluid_bound()
    {
        s_rooms.Sample(NoReplicationBeatsItsRate, iter: 200, print: Describe);
    }

    [Fact]
    public void No_replication_of_poisson_or_jittered_sends_delivers_more_a_second_than_the_fluid_bound()
    {
        s_unalignedRooms.Sample(NoReplicationBeatsItsRate, iter: 200, print: Describe);
    }

    [Fact]
    public void No_replication_of_a_herd_on_a_saturated_link_delivers_more_a_second_than_the_fluid_bound()
    {
        s_herds.Sample(NoReplicationBeatsItsRate, iter: 100, print: Describe);
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
    public void The_counterexamples_of_the_loaded_rate_deliver_less_a_second_than_the_bound(string seed, string gen)
    {
        Gen<Scenario> g = gen switch { "rooms" => s_rooms, "unaligned" => s_unalignedRooms, _ => s_herds };
        g.Sample(NoReplicationBeatsItsRate, iter: 1, seed: seed, print: Describe);
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

    private static string Describe(Scenario s) =>
        $"{s.Workload.Sends} jitter={s.Workload.SendJitterSeconds} " +
        $"N={s.Workload.Users} interval={s.Workload.IntervalSeconds} session={s.Workload.SessionSeconds} " +
        $"x{s.Workload.Sessions} tasks={s.Deployment.Tasks} vcpu={s.Deployment.TaskVcpu} {s.Deployment.Subscription} " +
        $"{s.Deployment.RedisNode.Name} seed={s.Seed}";
}
