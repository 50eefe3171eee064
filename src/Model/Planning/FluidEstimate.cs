using FanoutSim.Model.Results;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The fluid (utilisation) model's view of a scenario: rates, the ideal ratio and each resource's limit.
/// </summary>
/// <param name="SendRate">messages per second the clients send in steady state</param>
/// <param name="DemandPerSecond">deliveries per second a perfect system would make (send rate x N x ideal
/// ratio)</param>
/// <param name="IdealRatio">delivery ratio with no queueing at all: only session gaps and the close race lose
/// messages</param>
/// <param name="CeilingRatio">the best ratio any alignment of sessions allows (drifted sessions can beat
/// <paramref name="IdealRatio"/>)</param>
/// <param name="MaxRatio">upper bound on the simulated delivery ratio: the ceiling capped by every resource</param>
/// <param name="MaxDeliveredPerSecond">upper bound on deliveries per second</param>
/// <param name="Bottleneck">the resource with the lowest ratio limit, or the busiest when none binds</param>
public sealed record FluidEstimate(
    double SendRate,
    double DemandPerSecond,
    double IdealRatio,
    double CeilingRatio,
    double MaxRatio,
    double MaxDeliveredPerSecond,
    IReadOnlyList<ResourceLoad> Resources,
    ResourceId Bottleneck)
{
    /// <summary>
    /// True when every resource keeps up, so no queue should build and the simulation should match the ideal.
    /// </summary>
    public bool NoQueue => Resources.All(r => r.OfferedUtilization < 1);

    public ResourceLoad Resource(ResourceId id) => Resources.First(r => r.Id == id);
}
