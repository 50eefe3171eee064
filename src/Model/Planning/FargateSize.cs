namespace FanoutSim.Model.Planning;

/// <summary>A Fargate task size: vCPU and the memory range AWS allows with it.</summary>
public sealed record FargateSize(double Vcpu, double MinMemoryGb, double MaxMemoryGb)
{
    /// <summary>
    /// AWS Fargate task sizes (https://aws.amazon.com/fargate/pricing/), used when a catalog lists none; the planner
    /// takes the least memory that holds a task's connections (<see cref="MemoryBound"/>), since buffers are not the
    /// constraint.
    /// </summary>
    public static readonly IReadOnlyList<FargateSize> All =
    [
        new(0.25, 0.5, 2), new(0.5, 1, 4), new(1, 2, 8), new(2, 4, 16), new(4, 8, 30),
    ];
}

/// <summary>Fargate prices per hour (Linux/ARM64) the planner charges.</summary>
public sealed record PlanPrices(double PerVcpuHour, double PerGbHour);
