using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Chat;

/// <summary>
/// A task's speed wandering on a scale of seconds: in each window of <c>cpu_drift_window</c> the task runs at a
/// factor uniform in [1 - amplitude, 1 + amplitude] of its nominal speed (mean 1, so long-run capacity is unchanged).
/// The factor of a window is a pure function of (key, window), so it needs no state and no event, and the same
/// seed gives the same wandering.
/// </summary>
internal readonly struct CpuDrift
{
    private readonly double _amplitude;
    private readonly double _window;
    private readonly ulong _key;

    public CpuDrift(double amplitude, double window, ulong key)
    {
        _amplitude = amplitude;
        _window = window;
        _key = key;
    }

    public bool IsOn => _amplitude > 0 && _window > 0;

    public double FactorAt(double time)
    {
        if (!IsOn)
        {
            return 1;
        }
        ulong window = (ulong)Math.Max(0, Math.Floor(time / _window));
        double u = (SplitMix64.Mix(_key, window) >> 11) * (1.0 / (1UL << 53));
        return 1 + _amplitude * (2 * u - 1);
    }
}
