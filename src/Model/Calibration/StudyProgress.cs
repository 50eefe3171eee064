namespace FanoutSim.Model.Calibration;

/// <summary>What a calibration study reports as it goes, for the caller to show.</summary>
/// <param name="Fit">which fit: "fold 1/4 (train 30, test 10)" or "final fit on all 40 runs"</param>
/// <param name="Evaluation">set for <see cref="StudyStage.Evaluated"/></param>
/// <param name="HeldOutSoFar">set for <see cref="StudyStage.FoldDone"/>: every held-out row so far</param>
public sealed record StudyProgress(
    StudyStage Stage,
    string Fit,
    FitProgress? Evaluation = null,
    ValidationSummary? HeldOutSoFar = null);

public enum StudyStage
{
    /// <summary>A fit starts.</summary>
    Fitting,

    /// <summary>The objective was evaluated once more.</summary>
    Evaluated,

    /// <summary>A fold's fit is done and its held-out cases predicted.</summary>
    FoldDone,

    /// <summary>The final fit is done; its parameters' uncertainty is being estimated.</summary>
    EstimatingUncertainty,
}
