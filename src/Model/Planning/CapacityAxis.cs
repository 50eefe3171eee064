using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// What a capacity search scales: integer points from <see cref="Min"/> to <see cref="Max"/>, each a scenario, a larger
/// point carrying more load. The search bisects over points and never looks inside the scenarios, so one search serves
/// one room's size (<see cref="UsersAxis"/>) and a whole service's rooms (<see cref="RoomScaleAxis"/>).
/// </summary>
public interface ICapacityAxis
{
    int Min { get; }

    int Max { get; }

    Scenario At(int point);

    /// <summary>What the axis adds to a probe of its point (a service's scale and rooms); the probe as is by default.
    /// </summary>
    CapacityProbe Annotate(int point, RunReport report, CapacityProbe probe) => probe;
}
