using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>One room's size: point N is the scenario with N users.</summary>
public sealed record UsersAxis(Scenario Scenario, int Min, int Max) : ICapacityAxis
{
    public Scenario At(int point) => Scenario with { Workload = Scenario.Workload with { Users = point } };
}
