namespace FanoutSim.Model.Chat;

/// <summary>
/// What a task's runtime spends to get going, shared by whatever work it finds. <c>wake_cpu</c> is paid once per busy
/// stretch, by the stretch's first job (work that reached an idle task: threads woken from their waits, the thread
/// pool's dispatch). <c>round_cpu</c> is paid once per round of the event loop (its poll of the sockets and timers),
/// shared evenly by the jobs of that round: the lanes in line when the round began. Either way an operation alone
/// costs its own CPU plus the whole wake-up and one among many only its own and a share, so a task's work gets
/// cheaper per operation as its load rises. A stall under a CFS quota is not idleness: the wake-up after a throttle
/// is <c>period_overhead_cpu</c>.
/// </summary>
internal sealed class WakeUpCost
{
    private readonly double _stretchCpu;
    private readonly double _roundCpu;
    private bool _owed;
    private int _roundLeft;
    private double _roundShare;

    public WakeUpCost(double stretchCpu, double roundCpu)
    {
        _stretchCpu = stretchCpu;
        _roundCpu = roundCpu;
    }

    /// <summary>Busy stretches begun so far, each of which paid (or will pay, with its first job) one wake-up.
    /// </summary>
    public long WakeUps { get; private set; }

    /// <summary>Work reached the processor; <paramref name="idle"/> says it had nothing to run until then.</summary>
    public void WorkArrived(bool idle)
    {
        if (idle)
        {
            // Whatever the last round left undone (lanes that had nothing to run after all), the next one is new.
            _roundLeft = 0;
        }
        if (idle && _stretchCpu > 0 && !_owed)
        {
            _owed = true;
            WakeUps++;
        }
    }

    /// <summary>Rounds of the event loop begun so far.</summary>
    public long Rounds { get; private set; }

    /// <summary>
    /// The CPU of a job about to run with <paramref name="othersReady"/> other lanes in line behind it:
    /// <paramref name="work"/>, plus the wake-up if it is the first of its stretch, plus its share of its round (a job
    /// that finds no round under way begins one of itself and the lanes in line).
    /// </summary>
    public double Charge(double work, int othersReady)
    {
        if (_roundCpu > 0)
        {
            if (_roundLeft == 0)
            {
                _roundLeft = othersReady + 1;
                _roundShare = _roundCpu / _roundLeft;
                Rounds++;
            }
            _roundLeft--;
            work += _roundShare;
        }
        if (!_owed)
        {
            return work;
        }
        _owed = false;
        return work + _stretchCpu;
    }
}
