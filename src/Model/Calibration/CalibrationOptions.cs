namespace FanoutSim.Model.Calibration;

/// <summary>How to fit: which parameters move, the budget, and the cross-validation split.</summary>
/// <param name="Folds">k of the k-fold validation; below 2 means no held-out validation</param>
/// <param name="Parallelism">simulations at once</param>
/// <param name="Restarts">Nelder-Mead restarts from the best point after the first run (each up to
/// MaxEvaluations)</param>
/// <param name="Objective">the misses each fit minimises (<see cref="FitObjective.Default"/> when null)</param>
/// <param name="Cancellation">stops the study between simulations (Ctrl-C): it throws, and nothing is written</param>
public sealed record CalibrationOptions(
    IReadOnlyList<ProfileParameter> Free,
    int MaxEvaluations,
    int Replications,
    int Folds,
    int Parallelism,
    int Restarts = 0,
    FitObjective? Objective = null,
    CancellationToken Cancellation = default);
