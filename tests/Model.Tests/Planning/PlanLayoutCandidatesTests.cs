using FanoutSim.Model.Planning;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class PlanLayoutCandidatesTests
{
    private static readonly PlanPrices s_prices = new(0.03238, 0.00356);

    private static readonly RedisNodeType s_shapedNode =
        TestScenarios.SmallNode with { Shaping = new EgressShaping(16_000, 256_000, 0.128) };

    private static readonly IReadOnlyList<FargateSize> s_sizes = FargateSize.All.Where(f => f.Vcpu <= 0.5).ToList();

    private static List<PlanCandidate> Candidates(IReadOnlyList<RedisLayout> layouts) =>
        PlanSearch.Candidates([1, 2, 3], s_sizes, [s_shapedNode, TestScenarios.SmallNode with { Name = "b.node" }],
            [SubscriptionMode.PerConnection, SubscriptionMode.PerTask], s_prices, layouts);

    [Fact]
    public void Single_gets_one_shard_and_sharded_topologies_two_to_the_most()
    {
        List<RedisLayout> layouts = RedisLayout.For(
            [RedisTopology.ClusterSharded, RedisTopology.Single, RedisTopology.Cluster, RedisTopology.Single], 4);
        Assert.Equal(
            [
                RedisLayout.Single,
                new(RedisTopology.Cluster, 2), new(RedisTopology.Cluster, 3), new(RedisTopology.Cluster, 4),
                new(RedisTopology.ClusterSharded, 2), new(RedisTopology.ClusterSharded, 3),
                new(RedisTopology.ClusterSharded, 4),
            ],
            layouts);
        // Classic cluster with one master forwards to nobody: one node at the same price, never a candidate.
        Assert.DoesNotContain(new RedisLayout(RedisTopology.Cluster, 1), layouts);
    }

    [Fact]
    public void A_sharded_layout_costs_the_tasks_plus_every_shard()
    {
        PlanCandidate c = Candidates([new RedisLayout(RedisTopology.ClusterSharded, 3)])
            .First(x => x.Tasks == 2 && x.Size.Vcpu == 0.5);
        Assert.Equal(2 * (0.5 * 0.03238 + 1 * 0.00356) + 3 * 0.032, c.DollarsPerHour, 12);
        Assert.Equal(3 * 0.032, c.RedisDollarsPerHour, 12);
        Assert.Equal(2 * (0.5 * 0.03238 + 1 * 0.00356), c.TasksDollarsPerHour, 12);
        Assert.Equal("3 x " + c.Node.Name + ", cluster-sharded", c.Layout.Describe(c.Node));
    }

    [Fact]
    public void Candidates_come_cheapest_first_with_layout_breaking_the_last_ties()
    {
        List<PlanCandidate> all = Candidates(RedisLayout.For(
            [RedisTopology.Single, RedisTopology.ClientSharded, RedisTopology.ClusterSharded], 3));
        Assert.Equal(3 * 2 * 2 * 2 * (1 + 2 + 2), all.Count);
        Assert.Equal(all.OrderBy(c => c.DollarsPerHour).Select(c => c.DollarsPerHour),
            all.Select(c => c.DollarsPerHour));
        // Same price, tasks, size, node and mode: topology, then fewer shards (client-sharded x 2 and
        // cluster-sharded x 2 cost the same).
        var twins = all.Where(c => c.Tasks == 1 && c.Size.Vcpu == 0.25 && c.Node.Name == "b.node"
            && c.Mode == SubscriptionMode.PerTask && c.Layout.Shards == 2).ToList();
        Assert.Equal([RedisTopology.ClientSharded, RedisTopology.ClusterSharded], twins.Select(c => c.Layout.Topology));
        Assert.Equal(all.IndexOf(twins[0]) + 1, all.IndexOf(twins[1]));
    }

    [Fact]
    public void Shards_run_on_a_fluid_link_and_one_node_keeps_its_shaping()
    {
        List<PlanCandidate> all = Candidates(RedisLayout.For([RedisTopology.Single, RedisTopology.Cluster], 2));
        Assert.All(all.Where(c => !c.Layout.IsSingle), c => Assert.Null(c.Node.Shaping));
        Assert.Contains(all, c => c.Layout.IsSingle && c.Node.Shaping is not null);
    }

    [Fact]
    public void One_node_alone_enumerates_exactly_what_plans_did_before_layouts()
    {
        List<PlanCandidate> before = PlanSearch.Candidates([1, 2, 3], s_sizes,
            [s_shapedNode, TestScenarios.SmallNode with { Name = "b.node" }],
            [SubscriptionMode.PerConnection, SubscriptionMode.PerTask], s_prices);
        Assert.Equal(before, Candidates([RedisLayout.Single]));
        Assert.All(before, c => Assert.Equal(c.Node.DollarsPerHour, c.RedisDollarsPerHour));
    }

    [Fact]
    public void Applying_a_layout_sets_the_topology_and_shards()
    {
        PlanCandidate c = Candidates([new RedisLayout(RedisTopology.Cluster, 3)])[0];
        Deployment d = c.Apply(TestScenarios.Room(20)).Deployment;
        Assert.Equal((RedisTopology.Cluster, 3), (d.RedisTopology, d.RedisShards));
    }
}
