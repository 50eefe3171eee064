using FanoutSim.Model.Results;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The outcome of a capacity search. Every N here is a point of the search's axis: the room size for one room, the
/// reference class's rooms for a service (<see cref="RoomScaleAxis"/>; the probes say their users and rooms).
/// </summary>
/// <param name="MaxUsers">largest N whose mean ratio meets the target; null when even the smallest N fails</param>
/// <param name="BoundUsers">largest N the fluid bound allows: no simulation can do better</param>
/// <param name="AtMax">the probe at <paramref name="MaxUsers"/></param>
/// <param name="FirstFailing">the probe at <paramref name="MaxUsers"/> + 1 (or the smallest failing N probed)</param>
/// <param name="HitSearchLimit">the target still held at the largest N searched</param>
/// <param name="SurelyMeets">largest probed N whose whole CI is at or above the target</param>
/// <param name="SurelyFails">smallest probed N whose whole CI is below the target</param>
public sealed record CapacityResult(
    int? MaxUsers,
    int BoundUsers,
    ResourceId BoundBottleneck,
    CapacityProbe? AtMax,
    CapacityProbe? FirstFailing,
    bool HitSearchLimit,
    int? SurelyMeets,
    int? SurelyFails,
    ResourceId LimitingResource,
    IReadOnlyList<CapacityProbe> Probes);
