namespace FanoutSim.Model.Results;

/// <summary>
/// The most memory a server task had in use during a run (the task that reached it; the worst replication): its
/// base, its open connections' memory and its buffered messages, against the task's size.
/// </summary>
/// <param name="Task">the task that reached the peak, from 0</param>
/// <param name="PeakGb">memory in use at the peak</param>
/// <param name="ConnectionsAtPeak">connections open on that task at the peak</param>
/// <param name="ConnectionMemoryKb">memory each open connection holds (the profile's connection_memory_kb)</param>
/// <param name="TaskMemoryGb">the task's size</param>
/// <param name="ExceededAtSeconds">when a task's memory in use first passed its size (the earliest over
/// replications); null when it never did</param>
public sealed record TaskMemoryPeak(
    int Task,
    double PeakGb,
    int ConnectionsAtPeak,
    double ConnectionMemoryKb,
    double TaskMemoryGb,
    double? ExceededAtSeconds)
{
    /// <summary>A task needed more memory than it has: a real one would have been killed (out of memory).</summary>
    public bool Exceeded => ExceededAtSeconds is not null;

    /// <summary>The replications' worst peak, and the earliest instant any of them ran out of memory.</summary>
    public static TaskMemoryPeak Worst(IReadOnlyList<TaskMemoryPeak> runs) =>
        runs.MaxBy(r => r.PeakGb)! with { ExceededAtSeconds = runs.Min(r => r.ExceededAtSeconds) };
}
