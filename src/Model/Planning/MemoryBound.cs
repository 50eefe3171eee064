using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The least memory the busiest task of a deployment must hold at some instant: its base and the memory of the
/// connections it must carry at once. Like the fluid bound it is never beaten, so a task size below it cannot pass.
/// </summary>
public static class MemoryBound
{
    /// <summary>
    /// The base, plus, when every user's first session is open at once (the ramp ends before the first session can),
    /// the memory of an even share of the users' connections on the busiest task; buffers can only add to it.
    /// </summary>
    public static double LeastPeakGb(Scenario scenario)
    {
        CostProfile profile = scenario.Profile;
        Workload w = scenario.Workload;
        if (profile.ConnectionMemoryKb <= 0 || scenario.DialRampSeconds >= w.SessionSeconds)
        {
            return profile.TaskBaseMemoryGb;
        }
        int tasks = scenario.Deployment.Tasks;
        long busiest = (w.Users + (long)tasks - 1) / tasks;
        return profile.TaskMemoryGbWith(busiest);
    }

    /// <summary>
    /// The least memory, in whole GB within what a task of <paramref name="size"/> may have, that holds
    /// <paramref name="needGb"/>; the size's most when none does (the bound then rules the candidate out).
    /// </summary>
    public static double FittingMemoryGb(FargateSize size, double needGb) =>
        needGb <= size.MinMemoryGb ? size.MinMemoryGb : Math.Min(size.MaxMemoryGb, Math.Ceiling(needGb));
}
