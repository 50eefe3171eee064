using FanoutSim.Model.Results;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>Reconnect metrics from connects and disconnects binned by the second: one definition for the simulated
/// run (ChurnCounts) and the real one (the load generator), so the two count alike.</summary>
public static class ChurnRates
{
    public static ChurnMetrics Of(BinnedAmount connects, BinnedAmount disconnects, double durationSeconds) => new(
        (long)connects.Total, connects.Total / durationSeconds, connects.PeakOver(1),
        (long)disconnects.Total, disconnects.Total / durationSeconds, disconnects.PeakOver(1));
}
