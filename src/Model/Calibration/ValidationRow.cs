using FanoutSim.Model.Results;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// One case's measured vs predicted figures; <see cref="Fold"/> says which fit did not see it (-1: fitted on all).
/// </summary>
public sealed record ValidationRow(
    string Case,
    ObservedMetrics Observed,
    int Fold,
    bool HeldOut,
    double PredictedRatio,
    double PredictedDeliveredPerSecond,
    double PredictedSessionAvg)
{
    public double MeasuredRatio => Observed.DeliveryRatio;

    /// <summary>The model's ws_connecting and ws_closing for the case (shown beside the measured ones).</summary>
    public DurationSummary? PredictedConnecting { get; init; }

    public DurationSummary? PredictedClosing { get; init; }

    /// <summary>The whole simulated report the prediction came from (what calibrate --reports writes).</summary>
    public RunReport? Report { get; init; }

    /// <summary>Absolute error in percentage points.</summary>
    public double AbsErrorPp => Math.Abs(PredictedRatio - MeasuredRatio) * 100;
}
