using System.Globalization;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Scenarios;

/// <summary>A Redis node's network allowance and price, as a catalog lists it.</summary>
/// <param name="BaselineGbps">egress rate it can hold indefinitely</param>
/// <param name="BurstGbps">egress rate while network credits last</param>
/// <param name="BurstCreditSeconds">how long a full credit bucket sustains the burst rate from idle</param>
public sealed record RedisNodeType(
    string Name,
    double BaselineGbps,
    double BurstGbps,
    double BurstCreditSeconds,
    double MemoryGb,
    double DollarsPerHour)
{
    /// <summary>Node of local runs without a bandwidth limit (the catalog may list it; else 10 Gbit/s).</summary>
    public const string UnshapedName = "local-unshaped";

    /// <summary>Catalog node or plain link; run setups record it so the scenario can be rebuilt.</summary>
    [JsonIgnore]
    public RedisLink Link { get; init; } = RedisLink.CatalogNode;

    /// <summary>
    /// Millisecond-scale enforcement of the allowance (bursts shaped, overflow dropped); null = the allowance is a
    /// fluid average-rate pipe.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EgressShaping? Shaping { get; init; }

    public double BaselineBytesPerSecond => BaselineGbps * 1e9 / 8;

    public double BurstBytesPerSecond => BurstGbps * 1e9 / 8;

    /// <summary>
    /// Credit that lets the link run at burst for <see cref="BurstCreditSeconds"/> while refilling at baseline.
    /// </summary>
    public double BucketBytes => (BurstBytesPerSecond - BaselineBytesPerSecond) * BurstCreditSeconds;

    /// <summary>A plain rate limit as tc htb applies it in local runs: no burst credit.</summary>
    public static RedisNodeType Shaped(double mbps) =>
        new(string.Create(CultureInfo.InvariantCulture, $"shaped-{mbps}mbps"), mbps / 1000, mbps / 1000, 0, 0, 0)
        {
            Link = RedisLink.Shaped,
        };

    /// <summary>The catalog's unshaped local node if it lists one, else a 10 Gbit/s link.</summary>
    public static RedisNodeType Unshaped(IReadOnlyDictionary<string, RedisNodeType> nodes) =>
        nodes.TryGetValue(UnshapedName, out RedisNodeType? local)
            ? local
            : new RedisNodeType(UnshapedName, 10, 10, 0, 0, 0) { Link = RedisLink.Unshaped };
}
