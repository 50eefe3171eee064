namespace FanoutSim.Sim.Resources;

/// <summary>
/// One CPU shared by lanes (coroutines of an event loop): each ready lane runs one job per turn,
/// then goes to the back of the line. Jobs run back to back without events: the owner is asked
/// for each job's work and told its finish time, and the processor stops at the owner's horizon.
/// </summary>
public sealed class RoundRobinProcessor
{
    private int[] _ring = new int[64];
    private int _head;
    private int _count;

    // A lane that yielded at the end of a job rejoins the line when that job finishes, behind lanes
    // that became ready while it ran; it waits here until then.
    private int _yielded = -1;

    public double FreeAt { get; private set; }

    public double BusyTime { get; private set; }

    public long JobsRun { get; private set; }

    public int ReadyLanes => _count + (_yielded >= 0 ? 1 : 0);

    /// <summary>
    /// Puts a lane that became ready at <paramref name="now"/> at the back of the line; the caller ensures it is not
    /// already in line.
    /// </summary>
    public void Enqueue(int lane, double now)
    {
        if (_yielded >= 0 && now >= FreeAt)
        {
            RejoinYielded();
        }
        if (ReadyLanes == 0 && FreeAt < now)
        {
            FreeAt = now;
        }
        Push(lane);
    }

    /// <summary>
    /// Runs jobs while a lane is ready and the next job would start no later than the owner's horizon.
    /// </summary>
    public void Run<TWork>(ref TWork work) where TWork : ILaneWork
    {
        // "<=": a job ready at the same instant as the next event may go first; "<" would let two
        // processors stopped at the same instant hand the turn to each other forever.
        while (ReadyLanes > 0 && FreeAt <= work.Horizon)
        {
            if (_yielded >= 0)
            {
                RejoinYielded();
            }
            int lane = _ring[_head];
            _head = (_head + 1) & (_ring.Length - 1);
            _count--;
            double amount = work.NextJobWork(lane, FreeAt);
            if (amount < 0)
            {
                continue;
            }
            double start = FreeAt;
            double duration = work.Duration(start, amount);
            FreeAt = start + duration;
            BusyTime += duration;
            JobsRun++;
            switch (work.CompleteJob(lane, start, FreeAt))
            {
                case LaneNext.Requeue:
                    _yielded = lane;
                    break;
                case LaneNext.Continue:
                    PushFront(lane);
                    break;
            }
        }
    }

    private void Push(int lane)
    {
        if (_count == _ring.Length)
        {
            Grow();
        }
        _ring[(_head + _count) & (_ring.Length - 1)] = lane;
        _count++;
    }

    private void RejoinYielded()
    {
        Push(_yielded);
        _yielded = -1;
    }

    private void PushFront(int lane)
    {
        if (_count == _ring.Length)
        {
            Grow();
        }
        _head = (_head - 1) & (_ring.Length - 1);
        _ring[_head] = lane;
        _count++;
    }

    private void Grow()
    {
        int[] bigger = new int[_ring.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _ring[(_head + i) & (_ring.Length - 1)];
        }
        _ring = bigger;
        _head = 0;
    }
}
