using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// Fits a profile to measured cases and validates it by k-fold cross-validation: one fit per fold, each predicting
/// the cases it did not see, then one fit on everything. Cases carry their scenario with any profile; the study
/// swaps the profile in.
/// </summary>
public sealed class CalibrationStudy
{
    private readonly IReadOnlyList<CalibrationCase> _cases;
    private readonly CalibrationOptions _options;
    private readonly Action<StudyProgress>? _progress;

    public CalibrationStudy(IReadOnlyList<CalibrationCase> cases, CalibrationOptions options,
        Action<StudyProgress>? progress = null)
    {
        _cases = cases;
        _options = options;
        _progress = progress;
    }

    public CalibrationOutcome Run(CostProfile start)
    {
        var held = new List<ValidationRow>();
        var foldProfiles = new List<CostProfile>();
        if (_options.Folds >= 2)
        {
            int[] fold = KFold.Assign(_cases, _options.Folds, c => c.Stratum);
            for (int f = 0; f < _options.Folds; f++)
            {
                var train = _cases.Where((_, i) => fold[i] != f).ToList();
                var test = _cases.Where((_, i) => fold[i] == f).ToList();
                string label = $"fold {f + 1}/{_options.Folds} (train {train.Count}, test {test.Count})";
                FitResult fit = FitOn(train, start, label, out _);
                foldProfiles.Add(fit.Profile);
                held.AddRange(Predict(test, fit.Profile, f, heldOut: true));
                _progress?.Invoke(
                    new StudyProgress(StudyStage.FoldDone, label, HeldOutSoFar: ValidationSummary.Of(held)));
            }
        }
        string finalLabel = $"final fit on all {_cases.Count} runs";
        FitResult final = FitOn(_cases, start, finalLabel, out ProfileFitter fitter);
        double startError = fitter.Error(start);
        _progress?.Invoke(new StudyProgress(StudyStage.EstimatingUncertainty, finalLabel));
        IReadOnlyList<ParameterEstimate> estimates = fitter.Uncertainty(final.Profile);
        return new CalibrationOutcome(final, startError, estimates, Predict(_cases, final.Profile, -1, heldOut: false),
            held, foldProfiles);
    }

    /// <summary>Every case predicted with a profile as it stands, no fitting (also for diagnosis).</summary>
    public IReadOnlyList<ValidationRow> Predict(CostProfile profile, bool heldOut = true) =>
        Predict(_cases, profile, -1, heldOut);

    private IReadOnlyList<ValidationRow> Predict(IReadOnlyList<CalibrationCase> cases, CostProfile profile, int fold,
        bool heldOut)
    {
        IReadOnlyList<RunReport> reports = CalibrationCase.Predict(cases, profile, _options.Replications,
            new ReplicationOptions(_options.Parallelism, Cancellation: _options.Cancellation));
        return cases.Select((c, i) =>
        {
            RunMetrics m = reports[i].Metrics;
            return new ValidationRow(c.Name, c.Observed, fold, heldOut, m.DeliveryRatio, m.DeliveredPerSecond,
                m.WsSessionDuration.Avg)
            { PredictedConnecting = m.WsConnecting, PredictedClosing = m.WsClosing, Report = reports[i] };
        }).ToList();
    }

    private FitResult FitOn(IReadOnlyList<CalibrationCase> cases, CostProfile start, string label,
        out ProfileFitter fitter)
    {
        _progress?.Invoke(new StudyProgress(StudyStage.Fitting, label));
        fitter = new ProfileFitter(cases, _options.Free, _options.Replications,
            p => _progress?.Invoke(new StudyProgress(StudyStage.Evaluated, label, p)), _options.Parallelism,
            _options.Objective, _options.Cancellation);
        return fitter.Fit(start, _options.MaxEvaluations, restarts: _options.Restarts);
    }
}
