using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>How busy one resource was: utilization in [0,1] and the queue it built.</summary>
public sealed record ResourceUsage
{
    [JsonConstructor]
    public ResourceUsage(ResourceId id, double utilization, double meanQueue, double maxQueue)
    {
        Id = id;
        Utilization = utilization;
        MeanQueue = meanQueue;
        MaxQueue = maxQueue;
    }

    /// <summary>A resource named by its text, as the load generator names what it measured ("task1_cpu").</summary>
    public ResourceUsage(string name, double utilization, double meanQueue, double maxQueue)
        : this(ResourceId.Parse(name), utilization, meanQueue, maxQueue)
    {
    }

    // Run files have always called the identity "name"; the converter keeps its text.
    [JsonPropertyName("name")]
    public ResourceId Id { get; init; }

    public double Utilization { get; init; }

    public double MeanQueue { get; init; }

    public double MaxQueue { get; init; }

    /// <summary>The printed name ("task-0 cpu"): for display only; code compares <see cref="Id"/>.</summary>
    [JsonIgnore]
    public string Name => Id.ToString();
}
