using FanoutSim.Model.Results;

namespace FanoutSim.Model.Planning;

/// <summary>One simulated room size during a capacity search.</summary>
/// <param name="HalfWidth">95 % confidence half-width of the ratio over replications</param>
/// <param name="Threshold">the ratio this room size had to reach</param>
public sealed record CapacityProbe(
    int Users,
    double Ratio,
    double HalfWidth,
    double Threshold,
    ResourceId Bottleneck,
    double BoundRatio)
{
    public bool Meets => Ratio >= Threshold - 1e-12;

    /// <summary>The whole confidence interval is on one side of the threshold.</summary>
    public bool Certain => Ratio - HalfWidth >= Threshold || Ratio + HalfWidth < Threshold;
}
