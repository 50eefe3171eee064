using FanoutSim.Model.Results;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// The error a fit minimises, as a sum of squared scaled misses in which each of these counts 1:
/// one percentage point of delivery ratio, 1 % of delivered/s, 1 % of messages sent, 0.1 s of mean session length;
/// with <paramref name="ConnectAndClose"/> also 0.1 s of mean connect time and 0.1 s of mean close time.
/// </summary>
/// <param name="ConnectAndClose">also fit ws_connecting's and ws_closing's means: a saturated event loop's rounds
/// set how long its handshakes and closes wait, so the two pin the loop's round where the ratio alone lets a fit
/// trade a long round against cheap copies</param>
public sealed record FitObjective(bool ConnectAndClose = false)
{
    /// <summary>Ratio, delivered/s, sent and session length: what every committed profile was fitted to.</summary>
    public static FitObjective Default { get; } = new();

    /// <summary>How many misses <see cref="CaseResiduals"/> gives for every case.</summary>
    public int ResidualCount => ConnectAndClose ? 6 : 4;

    /// <summary>What the error sums, for a fit's notes.</summary>
    public string Describe() =>
        "1 pp of ratio, 1 % of delivered/s, 1 % of sent, 0.1 s of session avg"
        + (ConnectAndClose ? ", 0.1 s of connect avg, 0.1 s of close avg" : "");

    public double CaseError(ObservedMetrics observed, RunMetrics predicted) =>
        CaseResiduals(observed, predicted).Sum(Square);

    /// <summary>
    /// The scaled misses themselves (always <see cref="ResidualCount"/>; an unobserved figure contributes 0), for
    /// Gauss-Newton uncertainty.
    /// </summary>
    public double[] CaseResiduals(ObservedMetrics observed, RunMetrics predicted)
    {
        double[] residuals = new double[ResidualCount];
        residuals[0] = (predicted.DeliveryRatio - observed.DeliveryRatio) * 100;
        residuals[1] = RelativePercent(observed.DeliveredPerSecond, predicted.DeliveredPerSecond);
        residuals[2] = RelativePercent(observed.WsMsgsSent, predicted.WsMsgsSent);
        residuals[3] = TenthsOfASecond(observed.SessionAvgSeconds, predicted.WsSessionDuration.Avg);
        if (ConnectAndClose)
        {
            residuals[4] = TenthsOfASecond(observed.Connecting?.Avg, predicted.WsConnecting?.Avg);
            residuals[5] = TenthsOfASecond(observed.Closing?.Avg, predicted.WsClosing?.Avg);
        }
        return residuals;
    }

    /// <summary>How many of a case's residuals carry data (for degrees of freedom).</summary>
    public int ObservedCount(ObservedMetrics observed) =>
        1 + (observed.DeliveredPerSecond is { } d && d != 0 ? 1 : 0) + (observed.WsMsgsSent is { } w && w != 0 ? 1 : 0)
        + (observed.SessionAvgSeconds is null ? 0 : 1)
        + (ConnectAndClose ? (observed.Connecting is null ? 0 : 1) + (observed.Closing is null ? 0 : 1) : 0);

    private static double RelativePercent(double? observed, double predicted) =>
        observed is { } o && o != 0 ? (predicted - o) / o * 100 : 0;

    private static double TenthsOfASecond(double? observed, double? predicted) =>
        observed is { } o && predicted is { } p ? (p - o) / 0.1 : 0;

    private static double Square(double x) => x * x;
}
