using FanoutSim.Model.Results;

namespace FanoutSim.Model.Planning;

/// <summary>Where a probe of a service's rooms stood on the <see cref="RoomScaleAxis"/>, and how each class fared.
/// </summary>
/// <param name="Point">rooms of the axis' reference class</param>
/// <param name="Scale">k: every class's count times k (rounded, at least one room)</param>
/// <param name="Rooms">rooms of every class</param>
/// <param name="Classes">each room class's delivery at this scale, in the scenario's order</param>
public sealed record RoomScaleProbe(int Point, double Scale, int Rooms, IReadOnlyList<RoomClassMetrics> Classes);
