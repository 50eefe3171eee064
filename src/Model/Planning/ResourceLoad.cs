using System.Text.Json.Serialization;
using FanoutSim.Model.Results;

namespace FanoutSim.Model.Planning;

/// <summary>What the fluid model expects of one resource.</summary>
/// <param name="Id">
/// the resource as the simulation reports it (<see cref="ResourceId.AnyTaskCpu"/> stands for every task)
/// </param>
/// <param name="OfferedUtilization">
/// work offered per second over capacity; above 1 the resource must fall behind
/// </param>
/// <param name="RatioLimit">the highest delivery ratio this resource alone lets through (may exceed 1)</param>
public sealed record ResourceLoad(
    [property: JsonPropertyName("name")] ResourceId Id,
    double OfferedUtilization,
    double RatioLimit)
{
    /// <summary>The printed name ("task cpu"): for display only.</summary>
    [JsonIgnore]
    public string Name => Id.ToString();
}
