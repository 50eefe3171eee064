using FanoutSim.Model.Results;

namespace FanoutSim.Model.Planning;

/// <summary>One simulated point of a capacity search: a room size, or a service's rooms at one scale.</summary>
/// <param name="Users">every user of the probed scenario (N for one room)</param>
/// <param name="HalfWidth">95 % confidence half-width of the ratio over replications</param>
/// <param name="Threshold">the ratio this point had to reach</param>
public sealed record CapacityProbe(
    int Users,
    double Ratio,
    double HalfWidth,
    double Threshold,
    ResourceId Bottleneck,
    double BoundRatio)
{
    /// <summary>The p99 delivery latency, when the search also has a latency target.</summary>
    public double? P99 { get; init; }

    /// <summary>The p99 latency this room size had to stay within; null = no latency target.</summary>
    public double? P99Target { get; init; }

    /// <summary>A probe of a service's rooms: its scale and each class's delivery; null for one room.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public RoomScaleProbe? Rooms { get; init; }

    public bool Meets => Ratio >= Threshold - 1e-12 && (P99Target is not { } limit || P99 is { } p && p <= limit);

    /// <summary>The whole confidence interval is on one side of the threshold.</summary>
    public bool Certain => Ratio - HalfWidth >= Threshold || Ratio + HalfWidth < Threshold;
}
