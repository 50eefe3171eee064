using FanoutSim.Model.Scenarios;

namespace FanoutSim.ChatServer.Tests.Topologies;

/// <summary>Chat:RedisTopology and the endpoint list it gives Chat:Redis (no Redis needed).</summary>
public sealed class RedisTopologyOptionTests
{
    [Fact]
    public void An_unknown_topology_stops_start_up_naming_the_known_ones()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(
            () => ChatServerApp.Build(["--Chat:RedisTopology=ring"]));
        Assert.Contains("Chat:RedisTopology", error.Message, StringComparison.Ordinal);
        Assert.Contains(RedisTopologyText.Map.Known, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_sharding_opens_one_node_per_endpoint_in_order_sharing_the_options()
    {
        var layout = new RedisLayout(
            RedisTopology.ClientSharded, "127.0.0.1:6379, 127.0.0.1:6380,password=x,127.0.0.1:6381");
        Assert.Equal(
            ["127.0.0.1:6379,password=x", "127.0.0.1:6380,password=x", "127.0.0.1:6381,password=x"],
            layout.NodeConfigurations);
    }

    [Theory]
    [InlineData(RedisTopology.Single)]
    [InlineData(RedisTopology.Cluster)]
    [InlineData(RedisTopology.ClusterSharded)]
    public void Other_topologies_keep_one_connection_on_the_whole_configuration(RedisTopology topology)
    {
        var layout = new RedisLayout(topology, "127.0.0.1:7000,127.0.0.1:7001,connectTimeout=500");
        Assert.Equal(["127.0.0.1:7000,127.0.0.1:7001,connectTimeout=500"], layout.NodeConfigurations);
        Assert.Equal(0, layout.NodeOf("any-room"));
    }
}
