using FanoutSim.Model.Chat;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenario;
using FanoutSim.Sim.Random;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// Fits chosen cost-profile parameters to measured cases with Nelder-Mead. Every evaluation reuses
/// the same seeds (common random numbers), so the objective changes only through the parameters.
/// Parameters are searched in log space so they stay positive and scale-free.
/// </summary>
public sealed class ProfileFitter
{
    private readonly IReadOnlyList<CalibrationCase> _cases;
    private readonly IReadOnlyList<ProfileParameter> _free;
    private readonly int _replications;
    private readonly Action<FitProgress>? _progress;
    private int _evaluations;
    private double _best = double.PositiveInfinity;

    public ProfileFitter(IReadOnlyList<CalibrationCase> cases, IReadOnlyList<ProfileParameter> free, int replications = 2, Action<FitProgress>? progress = null)
    {
        if (cases.Count == 0)
        {
            throw new ArgumentException("no cases to fit", nameof(cases));
        }
        _cases = cases;
        _free = free;
        _replications = Math.Max(1, replications);
        _progress = progress;
    }

    public FitResult Fit(CostProfile start, int maxEvaluations = 400, double tolerance = 1e-4)
    {
        double[] x0 = _free.Select(p => Math.Log(Math.Max(p.Get(start), 1e-12))).ToArray();
        var objective = ObjectiveFunction.Value(v => Error(Apply(start, v)));
        var solver = new NelderMeadSimplex(tolerance, maxEvaluations);
        MinimizationResult result;
        try
        {
            result = solver.FindMinimum(objective, Vector<double>.Build.DenseOfArray(x0),
                Vector<double>.Build.DenseOfArray(x0.Select(_ => 0.3).ToArray()));
        }
        catch (MaximumIterationsException)
        {
            result = null!;
        }
        CostProfile fitted = result is null ? _bestProfile ?? start : Apply(start, result.MinimizingPoint);
        return new FitResult(fitted, Error(fitted), _evaluations, Residuals(fitted));
    }

    private CostProfile? _bestProfile;

    public double Error(CostProfile profile)
    {
        double total = 0;
        foreach (CalibrationCase c in _cases)
        {
            total += FitObjective.CaseError(c.Observed, Predict(c, profile).Metrics);
        }
        _evaluations++;
        if (total < _best)
        {
            _best = total;
            _bestProfile = profile;
        }
        _progress?.Invoke(new FitProgress(_evaluations, total, _best));
        return total;
    }

    public IReadOnlyList<FitResidual> Residuals(CostProfile profile) =>
        _cases.Select(c =>
        {
            var predicted = Predict(c, profile).Metrics;
            return new FitResidual(c.Name, c.Observed.DeliveryRatio, predicted.DeliveryRatio,
                c.Observed.SessionAvgSeconds, predicted.WsSessionDuration.Avg, c.Observed.DeliveredPerSecond, predicted.DeliveredPerSecond);
        }).ToList();

    private Results.RunReport Predict(CalibrationCase c, CostProfile profile)
    {
        var scenario = c.Scenario with { Profile = profile, Replications = _replications };
        var outcomes = new ChatOutcome[_replications];
        for (int r = 0; r < _replications; r++)
        {
            outcomes[r] = new ChatSimulation(scenario, RandomStreams.ReplicationSeed(scenario.Seed, r)).Run();
        }
        return ScenarioRunner.Summarise(scenario, outcomes);
    }

    private CostProfile Apply(CostProfile start, Vector<double> logValues)
    {
        CostProfile p = start;
        for (int i = 0; i < _free.Count; i++)
        {
            p = _free[i].With(p, Math.Exp(logValues[i]));
        }
        return p;
    }
}

public sealed record FitProgress(int Evaluations, double Error, double BestError);

public sealed record FitResidual(string Case, double ObservedRatio, double PredictedRatio, double? ObservedSessionAvg,
    double PredictedSessionAvg, double? ObservedDeliveredPerSecond, double PredictedDeliveredPerSecond);

public sealed record FitResult(CostProfile Profile, double Error, int Evaluations, IReadOnlyList<FitResidual> Residuals);
