namespace FanoutSim.Sim.Resources;

/// <summary>
/// CPU time granted by a periodic quota, as Linux CFS bandwidth control grants it to a cgroup: in each period
/// [kP, (k+1)P) the owner may use up to <c>budget</c> CPU-seconds, at <c>rate</c> CPU-seconds per second (the cores
/// its threads can run on) while budget is left, and is stalled from then until the next period starts. The first
/// use of a period first burns <c>overhead</c> CPU-seconds (the runtime's wake-up and spinning after a throttle).
/// Budget is consumed only by use, so idle time in a period does not spend it; the state is the period last used
/// and how much of it was used, which is why jobs must be consumed in time order.
/// </summary>
public sealed class PeriodicQuota
{
    private readonly double _period;
    private readonly double _budget;
    private readonly double _rate;
    private readonly double _overhead;
    private long _current = long.MinValue;
    private double _used;

    public PeriodicQuota(double period, double budget, double rate, double overhead)
    {
        if (!(period > 0) || !(budget > 0) || !(rate > 0) || !(overhead >= 0)
            || !(overhead < Math.Min(budget, rate * period)))
        {
            throw new ArgumentException(
                "period, budget and rate must be positive, overhead below what one period can deliver");
        }
        _period = period;
        _budget = budget;
        _rate = rate;
        _overhead = overhead;
    }

    /// <summary>
    /// When <paramref name="cpuSeconds"/> of work started at <paramref name="start"/> would finish; changes nothing.
    /// </summary>
    public double FinishTime(double start, double cpuSeconds)
    {
        long current = _current;
        double used = _used;
        return Advance(start, cpuSeconds, ref current, ref used);
    }

    /// <summary>
    /// Runs <paramref name="cpuSeconds"/> of work from <paramref name="start"/> (no earlier than the last job) and
    /// returns its finish.
    /// </summary>
    public double Consume(double start, double cpuSeconds)
    {
        return Advance(start, cpuSeconds, ref _current, ref _used);
    }

    private double Advance(double start, double cpuSeconds, ref long current, ref double used)
    {
        double t = start;
        double left = cpuSeconds;
        long k = (long)Math.Floor(t / _period);
        if (k != current)
        {
            current = k;
            t = PayOverhead(t, k, out used);
        }
        while (true)
        {
            double end = (k + 1) * _period;
            double available = Math.Min(_budget - used, _rate * (end - t));
            if (left <= available)
            {
                used += left;
                return t + left / _rate;
            }
            left -= Math.Max(0, available);
            k++;
            // Whole periods the job spans at their full net budget are skipped in one step (long jobs on a small
            // quota).
            double net = Math.Min(_budget, _rate * _period) - _overhead;
            long whole = (long)Math.Ceiling(left / net) - 1;
            if (whole > 0)
            {
                left -= whole * net;
                k += whole;
            }
            current = k;
            t = PayOverhead(k * _period, k, out used);
        }
    }

    // The overhead is paid at the period's first use and cannot outlast the period's wall time.
    private double PayOverhead(double t, long k, out double used)
    {
        double end = (k + 1) * _period;
        used = Math.Min(_overhead, _rate * (end - t));
        return t + used / _rate;
    }
}
