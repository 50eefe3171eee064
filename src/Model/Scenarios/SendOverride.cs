namespace FanoutSim.Model.Scenarios;

/// <summary>
/// What a room class says of its users' sends; each value left null is the workload's. Kept apart from the resolved
/// <see cref="SendTiming"/> so a workload whose top level changes later (`--set interval=2s`, a sweep, a plan) moves
/// every class that did not say otherwise.
/// </summary>
public sealed record SendOverride(double? IntervalSeconds = null, SendProcess? Sends = null,
    double? JitterSeconds = null)
{
    /// <summary>The class's timing: its own values over <paramref name="top"/>'s.</summary>
    public SendTiming Over(SendTiming top) =>
        new(IntervalSeconds ?? top.IntervalSeconds, Sends ?? top.Sends, JitterSeconds ?? top.JitterSeconds);
}
