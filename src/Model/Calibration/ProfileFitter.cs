using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;
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
    /// <summary>Relative step (in log space) of the finite differences behind the uncertainty estimate.</summary>
    private const double JacobianStep = 0.05;

    private readonly IReadOnlyList<CalibrationCase> _cases;
    private readonly IReadOnlyList<ProfileParameter> _free;
    private readonly int _replications;
    private readonly Action<FitProgress>? _progress;
    private readonly ReplicationOptions _pool;
    private readonly FitObjective _objective;
    private int _evaluations;
    private double _best = double.PositiveInfinity;
    private CostProfile? _bestProfile;

    /// <param name="maxParallelism">simulations at once (every replication of every case is one job)</param>
    /// <param name="objective">the misses the fit minimises (<see cref="FitObjective.Default"/> when null)</param>
    public ProfileFitter(IReadOnlyList<CalibrationCase> cases, IReadOnlyList<ProfileParameter> free,
        int replications = 2, Action<FitProgress>? progress = null, int maxParallelism = 1,
        FitObjective? objective = null, CancellationToken cancellation = default)
    {
        if (cases.Count == 0)
        {
            throw new ArgumentException("no cases to fit", nameof(cases));
        }
        _cases = cases;
        _free = free;
        _replications = Math.Max(1, replications);
        _progress = progress;
        _pool = new ReplicationOptions(Math.Max(1, maxParallelism), Cancellation: cancellation);
        _objective = objective ?? FitObjective.Default;
    }

    /// <param name="restarts">further Nelder-Mead runs, each from the best point so far with a fresh simplex: a
    /// simplex that has collapsed in a long narrow valley stops early, and a restart gets it moving again</param>
    public FitResult Fit(CostProfile start, int maxEvaluations = 400, double tolerance = 1e-4, int restarts = 0)
    {
        CostProfile current = start;
        for (int round = 0; round <= restarts; round++)
        {
            current = FitOnce(current, maxEvaluations, tolerance);
        }
        return new FitResult(current, Error(current), _evaluations, Residuals(current));
    }

    private CostProfile FitOnce(CostProfile start, int maxEvaluations, double tolerance)
    {
        double[] x0 = _free.Select(p => Math.Log(Math.Max(p.Get(start), 1e-12))).ToArray();
        IObjectiveFunction objective = ObjectiveFunction.Value(v => Error(Apply(start, v)));
        var solver = new NelderMeadSimplex(tolerance, maxEvaluations);
        MinimizationResult? result;
        try
        {
            result = solver.FindMinimum(objective, Vector<double>.Build.DenseOfArray(x0),
                Vector<double>.Build.DenseOfArray(x0.Select(_ => 0.3).ToArray()));
        }
        catch (MaximumIterationsException)
        {
            // Out of budget: keep the best point seen rather than nothing.
            result = null;
        }
        CostProfile fitted = result is null ? _bestProfile ?? start : Apply(start, result.MinimizingPoint);
        if (_bestProfile is not null && _best < Error(fitted))
        {
            fitted = _bestProfile;
        }
        return fitted;
    }

    public double Error(CostProfile profile)
    {
        double total = Predict(profile).Select((p, i) => _objective.CaseError(_cases[i].Observed, p.Metrics)).Sum();
        _evaluations++;
        if (total < _best)
        {
            _best = total;
            _bestProfile = profile;
        }
        _progress?.Invoke(new FitProgress(_evaluations, total, _best));
        return total;
    }

    /// <summary>
    /// Every case simulated with <paramref name="profile"/> (in case order), on the fit's common seeds.
    /// </summary>
    public IReadOnlyList<RunReport> Predict(CostProfile profile)
    {
        return CalibrationCase.Predict(_cases, profile, _replications, _pool);
    }

    public IReadOnlyList<FitResidual> Residuals(CostProfile profile)
    {
        IReadOnlyList<RunReport> predicted = Predict(profile);
        return _cases.Select((c, i) =>
        {
            RunMetrics p = predicted[i].Metrics;
            return new FitResidual(c.Name, c.Observed.DeliveryRatio, p.DeliveryRatio,
                c.Observed.SessionAvgSeconds, p.WsSessionDuration.Avg, c.Observed.DeliveredPerSecond,
                p.DeliveredPerSecond);
        }).ToList();
    }

    /// <summary>
    /// Approximate standard errors of the free parameters at <paramref name="profile"/>: Gauss-Newton,
    /// cov = s^2 (J'J)^-1 in log space with s^2 = error / (observations - parameters), J by forward
    /// differences. Reported as a relative (multiplicative) error; null where J'J is singular
    /// (a parameter the data do not constrain) or the degrees of freedom run out.
    /// </summary>
    public IReadOnlyList<ParameterEstimate> Uncertainty(CostProfile profile)
    {
        double[] r0 = ResidualVector(profile);
        int observations = _cases.Sum(c => _objective.ObservedCount(c.Observed));
        int dof = observations - _free.Count;
        Matrix<double> jacobian = Matrix<double>.Build.Dense(r0.Length, _free.Count);
        for (int j = 0; j < _free.Count; j++)
        {
            ProfileParameter p = _free[j];
            double value = p.Get(profile);
            double stepped = value * Math.Exp(JacobianStep);
            if (p.Integer)
            {
                stepped = Math.Max(value + 1, Math.Round(stepped));
            }
            double[] r1 = ResidualVector(p.With(profile, stepped));
            double h = Math.Log(stepped / Math.Max(value, 1e-12));
            for (int i = 0; i < r0.Length; i++)
            {
                jacobian[i, j] = (r1[i] - r0[i]) / h;
            }
        }
        double s2 = dof > 0 ? r0.Sum(x => x * x) / dof : double.NaN;
        // Parameters that move no residual at all are left out of the inversion (and reported as undetermined),
        // so one irrelevant parameter does not hide the uncertainty of the others.
        Matrix<double> full = jacobian.TransposeThisAndMultiply(jacobian);
        int[] used = Enumerable.Range(0, _free.Count).Where(j => full[j, j] > 1e-12).ToArray();
        double?[] relative = new double?[_free.Count];
        if (used.Length > 0 && double.IsFinite(s2))
        {
            Matrix<double> jtj = Matrix<double>.Build.Dense(used.Length, used.Length, (a, b) => full[used[a], used[b]]);
            // A tiny ridge keeps the inversion stable; a direction the data do not constrain then gets a huge
            // variance (reported as undetermined) instead of failing the whole estimate.
            double ridge = 1e-9 * jtj.Diagonal().Maximum();
            Matrix<double> inverse = (jtj + Matrix<double>.Build.DenseIdentity(used.Length) * ridge).Inverse();
            for (int a = 0; a < used.Length; a++)
            {
                if (inverse[a, a] > 0 && double.IsFinite(inverse[a, a]))
                {
                    relative[used[a]] = Math.Exp(Math.Min(700, Math.Sqrt(s2 * inverse[a, a]))) - 1;
                }
            }
        }
        return _free.Select((p, j) => new ParameterEstimate(p.Name, p.Get(profile), relative[j])).ToList();
    }

    private double[] ResidualVector(CostProfile profile) =>
        Predict(profile).SelectMany((p, i) => _objective.CaseResiduals(_cases[i].Observed, p.Metrics)).ToArray();

    /// <summary>A case simulated with a profile, on the replication seeds of its scenario.</summary>
    public static RunReport Predict(CalibrationCase c, CostProfile profile, int replications) =>
        CalibrationCase.Predict([c], profile, replications, ReplicationOptions.Default)[0];

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

public sealed record FitResult(
    CostProfile Profile,
    double Error,
    int Evaluations,
    IReadOnlyList<FitResidual> Residuals);

/// <summary>
/// A fitted parameter and its approximate 1-sigma relative error (0.1 = +-10 %), null when not determined.
/// </summary>
public sealed record ParameterEstimate(string Name, double Value, double? RelativeError);
