using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Calibration;

/// <summary>The final fit on all cases plus the cross-validated predictions of every case.</summary>
public sealed record CalibrationOutcome(
    FitResult Fit,
    double StartError,
    IReadOnlyList<ParameterEstimate> Estimates,
    IReadOnlyList<ValidationRow> InSample,
    IReadOnlyList<ValidationRow> HeldOut,
    IReadOnlyList<CostProfile> FoldProfiles);
