using CsCheck;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
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
        s_rooms.Sample(s =>
        {
            FluidEstimate bound = FluidBound.Of(s);
            RunReport report = ScenarioRunner.Run(s);
            foreach (double ratio in report.Replications.Select(r => r.DeliveryRatio))
            {
                Assert.True(ratio <= bound.MaxRatio + 1e-12,
                    $"simulated {ratio:P3} beats the bound {bound.MaxRatio:P3} ({bound.Bottleneck})");
            }
        }, iter: 400, print: Describe);
    }

    private static string Describe(Scenario s) =>
        $"N={s.Workload.Users} interval={s.Workload.IntervalSeconds} session={s.Workload.SessionSeconds} " +
        $"x{s.Workload.Sessions} tasks={s.Deployment.Tasks} vcpu={s.Deployment.TaskVcpu} {s.Deployment.Subscription} " +
        $"{s.Deployment.RedisNode.Name} seed={s.Seed}";
}
