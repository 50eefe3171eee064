using System.Diagnostics;
using System.Globalization;
using FanoutSim.Cli.Scenarios;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenario;

namespace FanoutSim.Cli.Calibration;

/// <summary>How to fit: which parameters move, the budget, and the cross-validation split.</summary>
/// <param name="Folds">k of the k-fold validation; below 2 means no held-out validation</param>
/// <param name="Restarts">Nelder-Mead restarts from the best point after the first run (each up to MaxEvaluations)</param>
public sealed record CalibrationOptions(IReadOnlyList<ProfileParameter> Free, int MaxEvaluations, int Replications, int Folds, int Parallelism, int Restarts = 0);

/// <summary>The final fit on all runs plus the cross-validated predictions of every run.</summary>
public sealed record CalibrationOutcome(
    FitResult Fit,
    double StartError,
    IReadOnlyList<ParameterEstimate> Estimates,
    IReadOnlyList<ValidationRow> InSample,
    IReadOnlyList<ValidationRow> HeldOut,
    IReadOnlyList<CostProfile> FoldProfiles);

/// <summary>Fits a profile to calibration runs and validates it by k-fold cross-validation (one fit per fold, then one on everything).</summary>
public sealed class Calibrator
{
    private readonly IReadOnlyList<CalibrationRun> _runs;
    private readonly Catalog _catalog;
    private readonly CalibrationOptions _options;
    private readonly TextWriter _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public Calibrator(IReadOnlyList<CalibrationRun> runs, Catalog catalog, CalibrationOptions options, TextWriter progress)
    {
        _runs = runs;
        _catalog = catalog;
        _options = options;
        _progress = progress;
    }

    /// <summary>The stratum folds are dealt by: regimes first so each fold mixes modes, bandwidths and sizes.</summary>
    public static string Stratum(CalibrationRun r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Setup.Subscription}|{r.Setup.RedisEgressMbps ?? 0:00000}|{r.Setup.Tasks}|{r.Setup.TaskVcpu:0.000}|{r.Setup.Users:00000}|{r.Name}");

    public CalibrationOutcome Run(CostProfile start)
    {
        var held = new List<ValidationRow>();
        var foldProfiles = new List<CostProfile>();
        if (_options.Folds >= 2)
        {
            int[] fold = KFold.Assign(_runs, _options.Folds, Stratum);
            for (int f = 0; f < _options.Folds; f++)
            {
                var train = _runs.Where((_, i) => fold[i] != f).ToList();
                var test = _runs.Where((_, i) => fold[i] == f).ToList();
                string label = $"fold {f + 1}/{_options.Folds} (train {train.Count}, test {test.Count})";
                FitResult fit = FitOn(train, start, label, out _);
                foldProfiles.Add(fit.Profile);
                held.AddRange(Rows(test, fit.Profile, f, heldOut: true));
                var s = ValidationTable.Summarise(held);
                _progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"calibrate: {label} done; held-out so far: {s.Runs} runs, mean |error| {s.MeanAbsErrorPp:0.0} pp, worst {s.MaxAbsErrorPp:0.0} pp ({s.WorstRun})"));
            }
        }
        FitResult final = FitOn(_runs, start, $"final fit on all {_runs.Count} runs", out ProfileFitter fitter);
        double startError = fitter.Error(start);
        _progress.WriteLine("calibrate: estimating parameter uncertainty (finite-difference Jacobian)");
        IReadOnlyList<ParameterEstimate> estimates = fitter.Uncertainty(final.Profile);
        return new CalibrationOutcome(final, startError, estimates, Rows(_runs, final.Profile, -1, heldOut: false), held, foldProfiles);
    }

    /// <summary>Predicts runs with a profile as it stands, no fitting (for diagnosis).</summary>
    public IReadOnlyList<ValidationRow> Rows(IReadOnlyList<CalibrationRun> runs, CostProfile profile, int fold, bool heldOut)
    {
        var cases = runs.Select(r => RunScenarios.Case(r, profile, _catalog)).ToList();
        var reports = new RunReport[cases.Count];
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism },
            i => reports[i] = ProfileFitter.Predict(cases[i], profile, _options.Replications));
        return runs.Select((r, i) => new ValidationRow(r, fold, heldOut, reports[i].Metrics.DeliveryRatio,
            reports[i].Metrics.DeliveredPerSecond, reports[i].Metrics.WsSessionDuration.Avg)).ToList();
    }

    private FitResult FitOn(IReadOnlyList<CalibrationRun> runs, CostProfile start, string label, out ProfileFitter fitter)
    {
        var cases = runs.Select(r => RunScenarios.Case(r, start, _catalog)).ToList();
        _progress.WriteLine($"calibrate: {label}: fitting {string.Join(", ", _options.Free.Select(p => p.Name))}");
        fitter = new ProfileFitter(cases, _options.Free, _options.Replications, p =>
        {
            if (p.Evaluations == 1 || p.Evaluations % 10 == 0)
            {
                _progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"calibrate: {label}: evaluation {p.Evaluations}/{_options.MaxEvaluations * (_options.Restarts + 1)}, error {p.Error:0.#}, best {p.BestError:0.#} [{_clock.Elapsed:mm\\:ss}]"));
            }
        }, _options.Parallelism);
        return fitter.Fit(start, _options.MaxEvaluations, restarts: _options.Restarts);
    }
}
