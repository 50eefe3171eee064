namespace FanoutSim.Model.Scenarios;

/// <summary>How a <see cref="RedisLink"/> is written in run files: catalog-node, shaped, unshaped.</summary>
public static class RedisLinkText
{
    public static readonly TextMap<RedisLink> Map = new(
        (RedisLink.CatalogNode, "catalog-node"),
        (RedisLink.Shaped, "shaped"),
        (RedisLink.Unshaped, "unshaped"));

    public static string ToText(this RedisLink link) => Map.Text(link);
}
