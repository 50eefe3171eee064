using FanoutSim.Model.Planning;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Files;

/// <summary>Redis node types and prices, read from calibration/catalog.yaml.</summary>
public sealed record Catalog(string File, string Source, IReadOnlyDictionary<string, RedisNodeType> RedisNodes,
    FargatePrices Fargate, IReadOnlyList<FargateSize> FargateSizes)
{
    private static readonly string[] s_topKeys = ["source", "redis_nodes", "fargate", "machines"];
    private static readonly string[] s_machineKeys = ["speed_index", "note"];
    private static readonly string[] s_nodeKeys = ["baseline_gbps", "burst_gbps", "burst_credit_seconds", "memory_gb",
        "dollars_per_hour", EgressShapingKeys.Bucket, EgressShapingKeys.Queue, EgressShapingKeys.Rate,
        EgressShapingKeys.Mss];
    private static readonly string[] s_fargateKeys = ["arm64_per_vcpu_hour", "arm64_per_gb_hour", "x86_per_vcpu_hour",
        "x86_per_gb_hour", "sizes"];
    private static readonly string[] s_sizeKeys = ["vcpu", "min_memory_gb", "max_memory_gb"];

    public static Catalog Load(string file)
    {
        var root = YamlMap.Load(file);
        root.RejectUnknown(s_topKeys);
        var nodes = new Dictionary<string, RedisNodeType>(StringComparer.Ordinal);
        foreach ((string? name, YamlMap? node) in root.Map("redis_nodes").Maps())
        {
            node.RejectUnknown(s_nodeKeys);
            double baseline = node.Number("baseline_gbps", min: 0, exclusiveMin: true);
            double burst = node.Number("burst_gbps", baseline, min: baseline);
            nodes[name] = new RedisNodeType(name, baseline, burst, node.Number("burst_credit_seconds", 0, min: 0),
                node.Number("memory_gb", 0, min: 0), node.Number("dollars_per_hour", 0, min: 0))
            {
                Shaping = EgressShapingKeys.Read(node, "", null),
            };
        }
        YamlMap fargate = root.Map("fargate");
        fargate.RejectUnknown(s_fargateKeys);
        var prices = new FargatePrices(
            fargate.Number("arm64_per_vcpu_hour", min: 0), fargate.Number("arm64_per_gb_hour", min: 0),
            fargate.Number("x86_per_vcpu_hour", min: 0), fargate.Number("x86_per_gb_hour", min: 0));
        var sizes = new List<FargateSize>();
        if (fargate.Has("sizes"))
        {
            foreach ((string _, YamlMap? size) in fargate.Map("sizes").Maps())
            {
                size.RejectUnknown(s_sizeKeys);
                double vcpu = size.Number("vcpu", min: 0, exclusiveMin: true);
                double minMemory = size.Number("min_memory_gb", min: 0, exclusiveMin: true);
                sizes.Add(new FargateSize(vcpu, minMemory, size.Number("max_memory_gb", min: minMemory)));
            }
        }
        var machines = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.Has("machines"))
        {
            foreach ((string? name, YamlMap? machine) in root.Map("machines").Maps())
            {
                machine.RejectUnknown(s_machineKeys);
                machines[name] = machine.Number("speed_index", min: 0, exclusiveMin: true);
            }
        }
        return new Catalog(file, root.String("source", ""), nodes, prices, sizes.Count > 0 ? sizes : FargateSize.All)
        {
            MachineSpeeds = machines,
        };
    }

    /// <summary>
    /// No catalog (none above a file that needed one): names nothing, so only a number resolves; <paramref name="why"/>
    /// stands where a file name would in messages.
    /// </summary>
    public static Catalog None(string why) =>
        new(why, "", new Dictionary<string, RedisNodeType>(), new FargatePrices(0, 0, 0, 0), FargateSize.All);

    /// <summary>Speed indexes of machines a scenario can name in `machine_speed` (the catalog's `machines:`).</summary>
    public IReadOnlyDictionary<string, double> MachineSpeeds { get; init; } = new Dictionary<string, double>();
}

/// <summary>Fargate on-demand prices per hour.</summary>
public sealed record FargatePrices(double Arm64PerVcpuHour, double Arm64PerGbHour, double X86PerVcpuHour,
    double X86PerGbHour);
