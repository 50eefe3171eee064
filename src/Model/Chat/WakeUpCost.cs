namespace FanoutSim.Model.Chat;

/// <summary>
/// <c>wake_cpu</c>: what a task's runtime spends to get going when work reaches it while it has nothing to run
/// (threads woken from their waits, the thread pool's dispatch, timers re-armed). It is paid once, by the first job
/// of each busy stretch, and shared by every job that stretch runs: an operation alone costs its own CPU plus one
/// wake-up, inside a busy stretch only its own, so a task's work gets cheaper per operation as its load rises. A
/// stall under a CFS quota is not idleness: the wake-up after a throttle is <c>period_overhead_cpu</c>.
/// </summary>
internal sealed class WakeUpCost
{
    private readonly double _cpu;
    private bool _owed;

    public WakeUpCost(double cpu)
    {
        _cpu = cpu;
    }

    /// <summary>Busy stretches begun so far, each of which paid (or will pay, with its first job) one wake-up.
    /// </summary>
    public long WakeUps { get; private set; }

    /// <summary>Work reached the processor; <paramref name="idle"/> says it had nothing to run until then.</summary>
    public void WorkArrived(bool idle)
    {
        if (idle && _cpu > 0 && !_owed)
        {
            _owed = true;
            WakeUps++;
        }
    }

    /// <summary>
    /// The CPU of a job about to run: <paramref name="work"/>, plus the wake-up if it is the first of its stretch.
    /// </summary>
    public double Charge(double work)
    {
        if (!_owed)
        {
            return work;
        }
        _owed = false;
        return work + _cpu;
    }
}
