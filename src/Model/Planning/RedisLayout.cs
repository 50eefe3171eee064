using System.Globalization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>How a candidate lays out its Redis: a topology and how many shards (nodes of one type) it has.</summary>
public sealed record RedisLayout(RedisTopology Topology, int Shards)
{
    /// <summary>One node, as plans were before shards.</summary>
    public static readonly RedisLayout Single = new(RedisTopology.Single, 1);

    public bool IsSingle => Topology == RedisTopology.Single;

    /// <summary>
    /// The layouts a plan tries for <paramref name="topologies"/>: one node for single, 2..<paramref name="maxShards"/>
    /// shards for the sharded ones (one shard of a sharded topology is one node at a higher price of nothing, and
    /// classic cluster with one master forwards nothing: both pointless).
    /// </summary>
    public static List<RedisLayout> For(IEnumerable<RedisTopology> topologies, int maxShards) =>
        topologies.Distinct().Order()
            .SelectMany(t => t == RedisTopology.Single
                ? [Single]
                : Enumerable.Range(2, Math.Max(0, maxShards - 1)).Select(s => new RedisLayout(t, s)))
            .ToList();

    /// <summary>"cache.t4g.small" for one node, "3 x cache.t4g.small, cluster-sharded" for shards.</summary>
    public string Describe(RedisNodeType node) => IsSingle
        ? node.Name
        : string.Create(CultureInfo.InvariantCulture, $"{Shards} x {node.Name}, {Topology.ToText()}");
}
