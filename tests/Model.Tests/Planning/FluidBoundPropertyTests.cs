using CsCheck;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class FluidBoundPropertyTests
{
    private static readonly RedisNodeType[] s_nodes =
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

    [Fact]
    public void No_replication_beats_the_fluid_bound()
    {
        s_rooms.Sample(NoReplicationBeatsItsBound, iter: 400, print: Describe);
    }

    /// <summary>The same rooms with real users' timing: Poisson sends, or ticks a random delay late.</summary>
    private static readonly Gen<Scenario> s_unalignedRooms = s_rooms
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

    private static void NoReplicationBeatsItsBound(Scenario s)
    {
        FluidEstimate bound = FluidBound.Of(s);
        foreach (double ratio in ScenarioRunner.Run(s).Replications.Select(r => r.DeliveryRatio))
        {
            Assert.True(ratio <= bound.MaxRatio + 1e-12,
                $"simulated {ratio:P3} beats the bound {bound.MaxRatio:P3} ({bound.Bottleneck})");
        }
    }

    private static string Describe(Scenario s) =>
        $"{s.Workload.Sends} jitter={s.Workload.SendJitterSeconds} " +
        $"N={s.Workload.Users} interval={s.Workload.IntervalSeconds} session={s.Workload.SessionSeconds} " +
        $"x{s.Workload.Sessions} tasks={s.Deployment.Tasks} vcpu={s.Deployment.TaskVcpu} {s.Deployment.Subscription} " +
        $"{s.Deployment.RedisNode.Name} seed={s.Seed}";
}
