using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Chat;

/// <summary>
/// A task's speed wandering on a scale of seconds: in each window of <c>cpu_drift_window</c> the task runs at a
/// factor uniform in [1 - amplitude, 1 + amplitude] of its nominal speed (mean 1, so long-run capacity is unchanged).
/// The factor of a window is a pure function of (key, window), so it needs no state and no event, and the same
/// seed gives the same wandering.
/// </summary>
internal readonly struct CpuDrift(double amplitude, double window, ulong key)
{
    public bool IsOn => amplitude > 0 && window > 0;

    public double FactorAt(double time)
    {
        if (!IsOn)
        {
            return 1;
        }
        ulong index = (ulong)Math.Max(0, Math.Floor(time / window));
        return 1 + amplitude * (2 * RandomStream.UnitInterval(SplitMix64.Mix(key, index)) - 1);
    }
}
