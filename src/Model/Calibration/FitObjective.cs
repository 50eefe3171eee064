using FanoutSim.Model.Results;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// The error a fit minimises, as a sum of squared scaled misses in which each of these counts 1:
/// one percentage point of delivery ratio, 1 % of delivered/s, 1 % of messages sent, 0.1 s of mean session length.
/// </summary>
public static class FitObjective
{
    public static double CaseError(ObservedMetrics observed, RunMetrics predicted) =>
        CaseResiduals(observed, predicted).Sum(Square);

    /// <summary>
    /// The scaled misses themselves (always four; an unobserved figure contributes 0), for Gauss-Newton uncertainty.
    /// </summary>
    public static double[] CaseResiduals(ObservedMetrics observed, RunMetrics predicted) =>
    [
        (predicted.DeliveryRatio - observed.DeliveryRatio) * 100,
        RelativePercent(observed.DeliveredPerSecond, predicted.DeliveredPerSecond),
        RelativePercent(observed.WsMsgsSent, predicted.WsMsgsSent),
        observed.SessionAvgSeconds is { } session ? (predicted.WsSessionDuration.Avg - session) / 0.1 : 0,
    ];

    /// <summary>How many of a case's residuals carry data (for degrees of freedom).</summary>
    public static int ObservedCount(ObservedMetrics observed) =>
        1 + (observed.DeliveredPerSecond is { } d && d != 0 ? 1 : 0) + (observed.WsMsgsSent is { } w && w != 0 ? 1 : 0)
        + (observed.SessionAvgSeconds is null ? 0 : 1);

    private static double RelativePercent(double? observed, double predicted) =>
        observed is { } o && o != 0 ? (predicted - o) / o * 100 : 0;

    private static double Square(double x) => x * x;
}
