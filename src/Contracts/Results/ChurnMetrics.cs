namespace FanoutSim.Model.Results;

/// <summary>
/// Users leaving and coming back: a reconnect's connect (every session of a user after its first) and the disconnect
/// before it, per second on average over the run and in its busiest second. A user's first connect and last close are
/// the test's start and end, not churn, so a ramp does not read as a storm of connects (simulated; means over
/// replications).
/// </summary>
public sealed record ChurnMetrics(long Connects, double ConnectsPerSecond, double PeakConnectsPerSecond,
    long Disconnects, double DisconnectsPerSecond, double PeakDisconnectsPerSecond)
{
    public static ChurnMetrics Mean(IReadOnlyList<ChurnMetrics> runs) => new(
        (long)Math.Round(runs.Average(r => (double)r.Connects)), runs.Average(r => r.ConnectsPerSecond),
        runs.Average(r => r.PeakConnectsPerSecond), (long)Math.Round(runs.Average(r => (double)r.Disconnects)),
        runs.Average(r => r.DisconnectsPerSecond), runs.Average(r => r.PeakDisconnectsPerSecond));
}
