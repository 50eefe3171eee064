using FanoutSim.Model.Results;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// The error a fit minimises, as a sum of squared scaled misses in which each of these counts 1:
/// one percentage point of delivery ratio, 1 % of delivered/s, 1 % of messages sent, 0.1 s of mean session length.
/// </summary>
public static class FitObjective
{
    public static double CaseError(ObservedMetrics observed, RunMetrics predicted)
    {
        double error = Square((predicted.DeliveryRatio - observed.DeliveryRatio) * 100);
        error += RelativePercentSquared(observed.DeliveredPerSecond, predicted.DeliveredPerSecond);
        error += RelativePercentSquared(observed.WsMsgsSent, predicted.WsMsgsSent);
        if (observed.SessionAvgSeconds is { } session)
        {
            error += Square((predicted.WsSessionDuration.Avg - session) / 0.1);
        }
        return error;
    }

    private static double RelativePercentSquared(double? observed, double predicted) =>
        observed is { } o && o != 0 ? Square((predicted - o) / o * 100) : 0;

    private static double Square(double x) => x * x;
}
