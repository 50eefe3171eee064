namespace FanoutSim.Model.Results;

/// <summary>
/// What sort of resource a <see cref="ResourceId"/> names; code compares these, never the printed names.
/// </summary>
public enum ResourceKind
{
    /// <summary>No resource: nothing was busy enough to name.</summary>
    None,

    /// <summary>A measured run missed its target with no resource saturated.</summary>
    Unknown,

    /// <summary>
    /// A server task's CPU (one task, or every task when the index is <see cref="ResourceId.EveryTask"/>).
    /// </summary>
    TaskCpu,

    /// <summary>A server task's memory: named only when a task needed more than it has.</summary>
    TaskMemory,

    RedisCpu,

    RedisEgress,

    /// <summary>The load generator's own CPU (measured runs only).</summary>
    LoadGenCpu,
}
