namespace FanoutSim.Model.Scenarios;

/// <summary>How a <see cref="RedisTopology"/> is written: single, client-sharded, cluster, cluster-sharded.</summary>
public static class RedisTopologyText
{
    public static readonly TextMap<RedisTopology> Map = new(
        (RedisTopology.Single, "single"),
        (RedisTopology.ClientSharded, "client-sharded"),
        (RedisTopology.Cluster, "cluster"),
        (RedisTopology.ClusterSharded, "cluster-sharded"));

    public static string ToText(this RedisTopology topology) => Map.Text(topology);
}
