using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Runs;

/// <summary>
/// Whether a run's shaped-egress losses are the load test's own doing: k6 starts every user at once, so they tick in
/// step and each interval's copies leave Redis within milliseconds. Real users do not; the same scenario with each
/// user's sends spread over the interval says what the shaper does to the same average load.
/// </summary>
public static class AlignmentCheck
{
    /// <summary>Users who all start within this share of the interval tick in lockstep.</summary>
    public const double LockstepShare = 0.1;

    /// <summary>
    /// The same scenario with sends spread over the interval, run when <paramref name="report"/>'s shaper dropped
    /// enough to limit it and its users tick in lockstep; otherwise null.
    /// </summary>
    public static RunReport? SpreadComparison(Scenario scenario, RunReport report, ReplicationOptions options)
    {
        // The dials as the run made them: a load generator's own start spread counts as a ramp.
        if (report.RedisShaping is not { LimitsRun: true }
            || scenario.DialRampSeconds >= scenario.Workload.IntervalSeconds * LockstepShare)
        {
            return null;
        }
        // The caller's progress display covered the run it compares with; this one reports nowhere.
        return Replications.Run(Spread(scenario), options with { Progress = null });
    }

    /// <summary>Users' first dials spread over one interval: their sends fall evenly over every interval.</summary>
    public static Scenario Spread(Scenario scenario) =>
        scenario with { Workload = scenario.Workload with { RampSeconds = scenario.Workload.IntervalSeconds } };
}
