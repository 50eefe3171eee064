namespace FanoutSim.Model.Results;

/// <summary>How a resource's name is written: the simulator's words, or the load generator's snake_case.</summary>
public enum ResourceSpelling
{
    /// <summary>"task-0 cpu", "task cpu", "redis cpu", "redis egress".</summary>
    Simulated,

    /// <summary>"task1_cpu" (tasks counted from 1), "task_cpu", "redis_egress", "loadgen_cpu".</summary>
    Measured,
}
