namespace FanoutSim.Cli.Calibration;

/// <summary>One run's measured vs predicted figures; <see cref="Fold"/> says which fit did not see it (-1: fitted on all).</summary>
public sealed record ValidationRow(
    CalibrationRun Run,
    int Fold,
    bool HeldOut,
    double PredictedRatio,
    double PredictedDeliveredPerSecond,
    double PredictedSessionAvg)
{
    public double MeasuredRatio => Run.Observed.DeliveryRatio;

    /// <summary>Absolute error in percentage points.</summary>
    public double AbsErrorPp => Math.Abs(PredictedRatio - MeasuredRatio) * 100;
}
