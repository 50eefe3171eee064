namespace FanoutSim.Model.Scenarios;

/// <summary>What stands between the servers and Redis's egress.</summary>
public enum RedisLink
{
    /// <summary>A node type from the catalog, with its baseline, burst and credit.</summary>
    CatalogNode,

    /// <summary>A plain rate limit in Mbit/s without burst credit, as tc applies it in local runs.</summary>
    Shaped,

    /// <summary>No limit: a local Redis on the loopback.</summary>
    Unshaped,
}
