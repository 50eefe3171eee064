using CsCheck;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class RoomsFluidBoundPropertyTests
{
    /// <summary>
    /// Fluid links from ample down to one that a few rooms of ten saturate, slow ones twice as often: deep CPU overload
    /// stretches sessions so far that the bound rarely binds there, and a soundness test needs binding cases.
    /// </summary>
    private static readonly RedisNodeType[] s_nodes =
    [
        TestScenarios.SmallNode,
        new RedisNodeType("fluid-8mbps", 0.008, 0.008, 0, 0, 0),
        new RedisNodeType("fluid-2mbps", 0.002, 0.002, 0, 0, 0),
        new RedisNodeType("fluid-0.5mbps", 0.0005, 0.0005, 0, 0, 0),
        new RedisNodeType("fluid-1mbps", 0.001, 0.001, 0, 0, 0),
        new RedisNodeType("fluid-0.25mbps", 0.00025, 0.00025, 0, 0, 0),
    ];

    private static readonly RedisTopology[] s_topologies = Enum.GetValues<RedisTopology>();

    /// <summary>
    /// A room class of 1-20 rooms of 1-20, sending as the top level does or at its own interval (0.5-3 s), ticking or
    /// Poisson, and with the profile's message size or its own: fixed (50-3,000 bytes) or uniform around it.
    /// </summary>
    private static readonly Gen<RoomClass> s_roomClass = Gen.Select(Gen.Int[1, 20], Gen.Int[1, 20], Gen.Int[0, 2],
        Gen.Double[0.5, 3], Gen.Int[0, 2], Gen.Int[50, 3000])
        .Select((count, size, timing, interval, sizing, bytes) => new RoomClass(count, size)
        {
            Sending = timing switch
            {
                0 => null,
                1 => new SendOverride(Math.Round(interval, 2)),
                _ => new SendOverride(Math.Round(interval, 2), SendProcess.Poisson),
            },
            MessageSize = sizing switch
            {
                0 => null,
                1 => new MessageSize(bytes),
                _ => new MessageSize(0, new UniformRoomSizes(bytes / 2, bytes * 3 / 2)),
            },
        });

    /// <summary>
    /// Small services of one to three room classes in every topology with 1-4 shards, both modes and balancers, 1-4
    /// tasks from a whole vCPU down to a twentieth of one, with and without CPU costs per KiB of message.
    /// </summary>
    internal static readonly Gen<Scenario> s_services = Gen.Select(
        s_roomClass.Array[1, 3], Gen.Double[0.5, 3], Gen.Int[5, 10], Gen.Int[1, 2],
        Gen.Int[1, 4], Gen.Enum<SubscriptionMode>(), Gen.Int[0, s_nodes.Length - 1], Gen.Int[1, 1000])
        .Select(Gen.Double[0.05, 1], Gen.Int[0, s_topologies.Length - 1], Gen.Int[1, 4], Gen.Bool,
            (t, vcpu, topology, shards, affine) => (t, vcpu, topology, shards, affine))
        .Select(x =>
        {
            (RoomClass[] rooms, double interval, int session, int sessions, int tasks,
                SubscriptionMode mode, int node, int seed) = x.t;
            int users = (int)rooms.Sum(c => c.Members);
            RedisTopology topology = s_topologies[x.topology];
            // Odd seeds charge CPU per KiB of message too (which smaller messages than the profile's save).
            CostProfile profile = seed % 2 == 0 ? TestScenarios.Python : TestScenarios.Python with
            {
                SubscriberReadCpuPerKib = 20e-6,
                DeliveryCpuPerKib = 60e-6,
                RedisCopyCpuPerKib = 2e-6,
            };
            Scenario s = TestScenarios.Room(users, tasks: tasks, mode: mode, node: s_nodes[node], seed: (ulong)seed,
                profile: profile, vcpu: Math.Round(x.vcpu, 2),
                balancer: x.affine ? LoadBalancing.RoomAffine : LoadBalancing.RoundRobin);
            return s with
            {
                Workload = new Workload(users, Math.Round(interval, 2), session, sessions, 0, Rooms: rooms),
                Deployment = s.Deployment with
                {
                    RedisTopology = topology,
                    RedisShards = topology == RedisTopology.Single ? 1 : x.shards,
                },
                Replications = 2,
            };
        });

    [Fact]
    public void No_replication_of_a_rooms_service_beats_the_fluid_bound()
    {
        const int Samples = 500;
        int binding = 0;
        s_services.Sample(s =>
        {
            FluidEstimate bound = FluidBound.Of(s);
            if (bound.MaxRatio < 0.9)
            {
                Interlocked.Increment(ref binding);
            }
            RunReport report = ScenarioRunner.Run(s);
            foreach (double ratio in report.Replications.Select(r => r.DeliveryRatio))
            {
                Assert.True(ratio <= bound.MaxRatio + 1e-12,
                    $"simulated {ratio:P3} beats the bound {bound.MaxRatio:P3} ({bound.Bottleneck})");
            }
        }, iter: Samples, print: Describe);
        // A bound that never binds would pass vacuously: a good share of the services must be held below 90 % by it.
        Assert.True(binding > Samples / 10, $"the bound is below 90 % for only {binding} of {Samples} services");
    }

    /// <summary>
    /// Services whose users are in several rooms: one or two classes of their own, then a class of shared members
    /// (rooms of 1-20, never more than the users before it) sending as the top level, at its own interval, as Poisson
    /// or not at all (a class of personal channels the server feeds).
    /// </summary>
    internal static readonly Gen<Scenario> s_sharedServices = Gen.Select(s_services, Gen.Int[1, 20], Gen.Int[1, 20],
        Gen.Int[0, 3], Gen.Double[0.5, 3])
        .Select((s, count, size, timing, interval) =>
        {
            RoomClass[] own = [.. s.Workload.Rooms!.Take(2)];
            int users = (int)RoomClass.UsersOf(own);
            var shared = new RoomClass(count, Math.Min(size, users))
            {
                Membership = RoomMembership.Shared,
                Sending = timing switch
                {
                    0 => null,
                    1 => new SendOverride(Math.Round(interval, 2)),
                    2 => new SendOverride(Math.Round(interval, 2), SendProcess.Poisson),
                    _ => new SendOverride(Sends: SendProcess.None),
                },
            };
            return s with { Workload = s.Workload with { Users = users, Rooms = [.. own, shared] } };
        });

    [Fact]
    public void No_replication_of_a_service_whose_users_share_rooms_beats_the_fluid_bound()
    {
        const int Samples = 300;
        int binding = 0;
        s_sharedServices.Sample(s =>
        {
            FluidEstimate bound = FluidBound.Of(s);
            if (bound.MaxRatio < 0.9)
            {
                Interlocked.Increment(ref binding);
            }
            RunReport report = ScenarioRunner.Run(s);
            foreach (double ratio in report.Replications.Select(r => r.DeliveryRatio))
            {
                Assert.True(ratio <= bound.MaxRatio + 1e-12,
                    $"simulated {ratio:P3} beats the bound {bound.MaxRatio:P3} ({bound.Bottleneck})");
            }
        }, iter: Samples, print: Describe);
        Assert.True(binding > Samples / 10, $"the bound is below 90 % for only {binding} of {Samples} services");
    }

    [Fact]
    public void The_bound_charges_a_class_its_own_rate_and_message_size()
    {
        Scenario s = FortyRooms(RedisTopology.Single, 1);
        Scenario rare = s with
        {
            Workload = s.Workload with { Rooms = [new RoomClass(40, 10) { Sending = new SendOverride(5) }] },
        };
        Scenario big = s with
        {
            Workload = s.Workload with { Rooms = [new RoomClass(40, 10) { MessageSize = new MessageSize(1200) }] },
        };
        FluidEstimate plain = FluidBound.Of(s);
        // Ticks of 5 s in sessions of 10 s: one tick and the racing one (1.56 sends) where 1 s makes 9.56.
        Assert.Equal(plain.SendRate * 1.56 / 9.56, FluidBound.Of(rare).SendRate, 1e-9);
        double egress = plain.Resource(ResourceId.RedisEgress).OfferedUtilization;
        // 300-byte copies of 200-byte messages: 1,200-byte messages make 1,300-byte copies.
        Assert.Equal(egress * 1300 / 300, FluidBound.Of(big).Resource(ResourceId.RedisEgress).OfferedUtilization,
            1e-9);
        Assert.True(FluidBound.Of(big).MaxRatio < plain.MaxRatio);
    }

    [Fact]
    public void A_poisson_class_whose_replication_sends_fewer_than_its_mean_stays_under_the_bound()
    {
        // Found by the property above when the bound charged a Poisson class its ticks (10 a session at a mean gap of
        // 0.89 s): this replication sent about 3 % fewer, and beat the bound on a saturated egress by 0.1 pp.
        Scenario s = TestScenarios.Room(90, tasks: 2, node: s_nodes[5], seed: 338,
            balancer: LoadBalancing.RoomAffine);
        var rooms = new RoomClass(10, 9)
        {
            Sending = new SendOverride(0.89, SendProcess.Poisson),
            MessageSize = new MessageSize(440),
        };
        s = s with
        {
            Workload = new Workload(90, 2, 9, 1, 0, Rooms: [rooms]),
            Deployment = s.Deployment with { RedisTopology = RedisTopology.Cluster, RedisShards = 3 },
            Replications = 2,
        };
        double bound = FluidBound.Of(s).MaxRatio;
        Assert.All(ScenarioRunner.Run(s).Replications, r => Assert.True(r.DeliveryRatio <= bound,
            $"simulated {r.DeliveryRatio:P3}, bound {bound:P3}"));
    }

    [Fact]
    public void A_cheap_poisson_class_that_sends_more_than_its_mean_stays_under_the_bound_of_a_mix()
    {
        // Found by the property above when a Poisson class was charged only its low count whatever the mix: these 17
        // rooms of one (a copy each) sent 59 messages where the mean is 47, beside a room of 16 on a saturated egress,
        // and the replication delivered 10.36 % against a bound of 10.17 %.
        Scenario s = TestScenarios.Room(33, tasks: 2, node: s_nodes[5], seed: 120,
            balancer: LoadBalancing.RoomAffine);
        RoomClass[] rooms =
        [
            new RoomClass(17, 1)
            {
                Sending = new SendOverride(2.15, SendProcess.Poisson),
                MessageSize = new MessageSize(0, new UniformRoomSizes(136, 409)),
            },
            new RoomClass(1, 16) { Sending = new SendOverride(1.5), MessageSize = new MessageSize(2472) },
        ];
        s = s with
        {
            Workload = new Workload(33, 1, 6, 1, 0, Rooms: rooms),
            Deployment = s.Deployment with { RedisTopology = RedisTopology.Cluster, RedisShards = 2 },
            Replications = 2,
        };
        double bound = FluidBound.Of(s).MaxRatio;
        Assert.All(ScenarioRunner.Run(s).Replications, r => Assert.True(r.DeliveryRatio <= bound,
            $"simulated {r.DeliveryRatio:P3}, bound {bound:P3}"));
    }

    [Fact]
    public void A_class_of_large_messages_that_overloads_the_tasks_stays_under_the_bound()
    {
        // Found by the property above (CsCheck seed 8KqRw-BFIJr1) when the tasks were offered every copy at the
        // profile's 200 bytes: 2,389-byte messages at CPU per KiB overloaded the one task unseen (82 % offered), its
        // sessions did not stretch in the bound, and both replications delivered 70.2 % against a bound of 64.8 %.
        CostProfile perKib = TestScenarios.Python with
        {
            SubscriberReadCpuPerKib = 20e-6,
            DeliveryCpuPerKib = 60e-6,
            RedisCopyCpuPerKib = 2e-6,
        };
        Scenario s = TestScenarios.Room(112, profile: perKib, seed: 175, balancer: LoadBalancing.RoomAffine);
        s = s with
        {
            Workload = new Workload(112, 0.58, 10, 2, 0,
                Rooms: [new RoomClass(7, 16) { MessageSize = new MessageSize(2389) }]),
            Replications = 2,
        };
        FluidEstimate bound = FluidBound.Of(s);
        Assert.True(bound.Resource(ResourceId.AnyTaskCpu).OfferedUtilization > 1,
            $"task CPU offered {bound.Resource(ResourceId.AnyTaskCpu).OfferedUtilization:P1}");
        Assert.All(ScenarioRunner.Run(s).Replications, r => Assert.True(r.DeliveryRatio <= bound.MaxRatio,
            $"simulated {r.DeliveryRatio:P3}, bound {bound.MaxRatio:P3}"));
    }

    [Fact]
    public void A_link_bound_service_whose_users_connect_together_stays_under_the_bound()
    {
        // Found by the property above (CsCheck seed 7cMH86PLiQG4) when the bound stretched no session below task
        // overload: 220 users connecting at once queued their handshakes and closes at two tasks every session, so
        // sessions lasted about 10.1 s against the 8.26 s cycle charged, the clients sent less a second than the
        // bound assumed and the 0.25 Mbit/s link carried a larger share: 11.593 % delivered against 11.027 %.
        Scenario s = TestScenarios.Room(220, tasks: 2, mode: SubscriptionMode.PerTask,
            node: new RedisNodeType("fluid-0.25mbps", 0.00025, 0.00025, 0, 0, 0), seed: 506, vcpu: 0.27,
            balancer: LoadBalancing.RoomAffine);
        s = s with
        {
            Workload = new Workload(220, 2.75, 8, 2, 0, Rooms:
            [
                new RoomClass(20, 11)
                {
                    Sending = new SendOverride(2),
                    MessageSize = new MessageSize(0, new UniformRoomSizes(1487, 4461)),
                },
            ]),
            Deployment = s.Deployment with { RedisTopology = RedisTopology.ClusterSharded, RedisShards = 1 },
            Replications = 2,
        };
        FluidEstimate bound = FluidBound.Of(s);
        Assert.True(bound.Resource(ResourceId.AnyTaskCpu).OfferedUtilization < 1,
            $"task CPU offered {bound.Resource(ResourceId.AnyTaskCpu).OfferedUtilization:P1}");
        Assert.All(ScenarioRunner.Run(s).Replications, r => Assert.True(r.DeliveryRatio <= bound.MaxRatio,
            $"simulated {r.DeliveryRatio:P3}, bound {bound.MaxRatio:P3}"));
    }

    [Fact]
    public void Users_who_connect_together_stretch_a_session_by_their_queue_of_handshakes_and_closes_a_ramp_by_none()
    {
        Scenario herd = TestScenarios.Room(100, tasks: 2, vcpu: 0.5);
        CostProfile p = herd.CostsOnMachine;
        double queue = 50 * (p.HandshakeCpuFor(true) + p.CloseCpuFor(true)) / 0.5;

        Assert.Equal(queue, FluidBound.HerdStretch(herd), 12);
        Assert.Equal(0, FluidBound.HerdStretch(herd with { Workload = herd.Workload with { RampSeconds = 60 } }));
    }

    [Fact]
    public void A_poisson_class_count_is_charged_between_four_deviations_either_side_of_its_mean()
    {
        Scenario s = TestScenarios.Room(17, node: s_nodes[5]);
        var poisson = new RoomClass(17, 1) { Sending = new SendOverride(2.15, SendProcess.Poisson) };
        s = s with { Workload = s.Workload with { Rooms = [poisson] } };
        SendTiming timing = s.Workload.TimingOf(poisson);
        double low = IdealRatio.SendsChargedPerSession(s, timing, poisson.Members);
        double high = IdealRatio.SendsAtMostPerSession(s, timing, poisson.Members);
        // 17 users x 2 sessions of 10 s at one send per 2.15 s: 158 sends on average, a deviation of 12.6.
        double sessions = 17 * 2, mean = sessions * 10 / 2.15;
        Assert.Equal((mean - 4 * Math.Sqrt(mean)) / sessions, low, 1e-9);
        Assert.Equal((mean + 4 * Math.Sqrt(mean)) / sessions, high, 1e-9);
    }

    /// <summary>Forty rooms of ten whose copies a 6 Mbit/s node cannot carry alone but two shards can.</summary>
    private static Scenario FortyRooms(RedisTopology topology, int shards)
    {
        Scenario s = TestScenarios.Room(400, tasks: 4, node: new RedisNodeType("fluid-6mbps", 0.006, 0.006, 0, 0, 0));
        return s with
        {
            Workload = s.Workload with { Rooms = [new RoomClass(40, 10)] },
            Deployment = s.Deployment with { RedisTopology = topology, RedisShards = shards },
        };
    }

    [Fact]
    public void The_bound_rules_out_one_saturated_node_by_its_egress_and_not_two_shards()
    {
        FluidEstimate single = FluidBound.Of(FortyRooms(RedisTopology.Single, 1));
        FluidEstimate sharded = FluidBound.Of(FortyRooms(RedisTopology.ClusterSharded, 2));
        Assert.Equal(ResourceId.RedisEgress, single.Bottleneck);
        Assert.True(single.MaxRatio < 0.8, $"one node: bound {single.MaxRatio:P1}");
        Assert.True(sharded.MaxRatio > 0.95, $"two shards: bound {sharded.MaxRatio:P1}");
        // Each shard is its own resource, named as the simulation names it.
        Assert.Contains(sharded.Resources, r => r.Id == ResourceId.ShardEgress(1));
    }

    [Fact]
    public void Classic_cluster_forwards_load_its_shards_egress_but_hold_up_no_delivery()
    {
        // A classic master shares its egress per flow: the bus falls behind, the copies get through.
        FluidEstimate sharded = FluidBound.Of(FortyRooms(RedisTopology.ClusterSharded, 4));
        FluidEstimate classic = FluidBound.Of(FortyRooms(RedisTopology.Cluster, 4));
        Assert.Equal(sharded.MaxRatio, classic.MaxRatio, 1e-12);
        double Busiest(FluidEstimate e) =>
            e.Resources.Where(r => r.Id.Kind == ResourceKind.RedisEgress).Max(r => r.OfferedUtilization);
        Assert.True(Busiest(classic) > 2 * Busiest(sharded),
            $"classic egress {Busiest(classic):P1}, sharded {Busiest(sharded):P1}");
    }

    [Fact]
    public void No_replication_of_a_classic_cluster_on_plainly_shaped_links_beats_the_fluid_bound()
    {
        // The services above with 2-4 classic masters each on a shaped link of 0.25-8 Mbit/s, one FIFO whose bus
        // links keep segments ahead of the copies: the copies wait longer, and no run may deliver more than the
        // link sends them.
        const int Samples = 150;
        s_services.Select(Gen.Int[2, 4], Gen.Int[0, 5], (s, shards, rate) => s with
        {
            Deployment = s.Deployment with
            {
                RedisNode = RedisNodeType.Shaped(new[] { 0.25, 0.5, 1, 2, 4, 8 }[rate]),
                RedisTopology = RedisTopology.Cluster,
                RedisShards = shards,
            },
        }).Sample(s =>
        {
            double bound = FluidBound.Of(s).MaxRatio;
            foreach (double ratio in ScenarioRunner.Run(s).Replications.Select(r => r.DeliveryRatio))
            {
                Assert.True(ratio <= bound + 1e-12, $"simulated {ratio:P3} beats the bound {bound:P3}");
            }
        }, iter: Samples, print: Describe);
    }

    internal static string Describe(Scenario s) =>
        $"rooms={string.Join("+", s.Workload.Rooms!.Select(c => $"{c.Count}x{c.Size}" +
            (c.SharesMembers ? " shared" : "") +
            (c.Sending is null ? "" : $" ({s.Workload.TimingOf(c).Text})") +
            (c.MessageSize is null ? "" : $" ({c.MessageSize.Text})")))} " +
        $"interval={s.Workload.IntervalSeconds} session={s.Workload.SessionSeconds} x{s.Workload.Sessions} " +
        $"tasks={s.Deployment.Tasks} vcpu={s.Deployment.TaskVcpu} {s.Deployment.Subscription} " +
        $"{s.Deployment.LoadBalancer} {s.Deployment.RedisNode.Name} {s.Deployment.RedisTopology} " +
        $"x{s.Deployment.RedisShards} seed={s.Seed}";
}
