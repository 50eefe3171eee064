namespace FanoutSim.Model.Scenarios;

/// <summary>
/// A run's measured speed replayed second by second (the scenario's <c>speed_trace</c>): factor i is the machine's
/// speed in second [i, i + 1) of the run relative to the run's mean speed (the machine speed index), so the mean stays
/// the index and every server task's CPU follows the swing; beyond the last second (and before 0) the factor is 1.
/// A lookup by floor(time): no state, no event, no allocation.
/// </summary>
public sealed class SpeedTrace
{
    private readonly double[] _factors;

    public SpeedTrace(IEnumerable<double> factors) => _factors = [.. factors];

    /// <summary>The factors, second by second from the run's start.</summary>
    public IReadOnlyList<double> Factors => _factors;

    /// <summary>The factor in force at <paramref name="time"/> seconds after the start.</summary>
    public double FactorAt(double time)
    {
        if (!(time >= 0) || time >= _factors.Length)
        {
            return 1;
        }
        return _factors[(int)time];
    }

    /// <summary>The fastest factor a run can meet: the trace's top, or 1 (beyond the trace) if every factor is
    /// below it.</summary>
    public double Fastest => _factors.Length > 0 ? Math.Max(1, _factors.Max()) : 1;

    /// <summary>Every factor positive and finite.</summary>
    public bool Valid => _factors.All(f => f > 0 && double.IsFinite(f));
}
