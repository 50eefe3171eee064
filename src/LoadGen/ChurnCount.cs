using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.LoadGen;

/// <summary>A real run's reconnects, counted as the model counts them (ChurnCounts): a user's dials after its first and
/// the session ends before them, over the run and in its busiest second.</summary>
internal static class ChurnCount
{
    public static ChurnMetrics Of(IReadOnlyList<UserTally> users, double wallSeconds)
    {
        double horizon = Math.Max(1, wallSeconds + 1);
        var connects = new BinnedAmount(1, horizon);
        var disconnects = new BinnedAmount(1, horizon);
        foreach (UserTally u in users)
        {
            foreach (double t in u.Reconnects)
            {
                connects.Add(t, t, 1);
            }
            foreach (double t in u.Disconnects)
            {
                disconnects.Add(t, t, 1);
            }
        }
        return ChurnRates.Of(connects, disconnects, wallSeconds > 0 ? wallSeconds : 1);
    }
}
