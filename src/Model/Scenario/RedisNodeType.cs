namespace FanoutSim.Model.Scenario;

/// <summary>A Redis node's network allowance and price, as a catalog lists it.</summary>
/// <param name="BaselineGbps">egress rate it can hold indefinitely</param>
/// <param name="BurstGbps">egress rate while network credits last</param>
/// <param name="BurstCreditSeconds">how long a full credit bucket sustains the burst rate from idle</param>
public sealed record RedisNodeType(string Name, double BaselineGbps, double BurstGbps, double BurstCreditSeconds, double MemoryGb, double DollarsPerHour)
{
    public double BaselineBytesPerSecond => BaselineGbps * 1e9 / 8;

    public double BurstBytesPerSecond => BurstGbps * 1e9 / 8;

    /// <summary>Credit that lets the link run at burst for <see cref="BurstCreditSeconds"/> while refilling at baseline.</summary>
    public double BucketBytes => (BurstBytesPerSecond - BaselineBytesPerSecond) * BurstCreditSeconds;
}
