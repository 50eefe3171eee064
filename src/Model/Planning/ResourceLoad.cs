namespace FanoutSim.Model.Planning;

/// <summary>What the fluid model expects of one resource.</summary>
/// <param name="Name">resource name as the simulation reports it ("task cpu" stands for every task)</param>
/// <param name="OfferedUtilization">work offered per second over capacity; above 1 the resource must fall behind</param>
/// <param name="RatioLimit">the highest delivery ratio this resource alone lets through (may exceed 1)</param>
public sealed record ResourceLoad(string Name, double OfferedUtilization, double RatioLimit);
