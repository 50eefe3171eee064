namespace FanoutSim.Sim.Events;

/// <summary>
/// The clock and the pending-event list. Callers pull events one at a time, so a model keeps its
/// own dispatch (a switch on a struct payload) and nothing is boxed or allocated per event.
/// </summary>
public sealed class Simulator<TPayload> where TPayload : struct
{
    private readonly EventQueue<TPayload> _queue;

    public Simulator(double timeLimit = double.PositiveInfinity, int initialCapacity = 1024)
    {
        if (!(timeLimit > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimit), "time limit must be positive");
        }
        TimeLimit = timeLimit;
        _queue = new EventQueue<TPayload>(initialCapacity);
    }

    public double Now { get; private set; }

    public double TimeLimit { get; }

    public long EventsProcessed { get; private set; }

    /// <summary>True when the run stopped because the next event lay beyond <see cref="TimeLimit"/>.</summary>
    public bool HitTimeLimit { get; private set; }

    /// <summary>
    /// Time of the next pending event (+infinity if none): work may run up to here without missing one.
    /// </summary>
    public double NextEventTime => _queue.PeekTime;

    public int Pending => _queue.Count;

    /// <summary>
    /// The next pending event, left in place (false when none is pending): a model may read ahead what it will touch,
    /// so that event's cache misses overlap the work of the one in hand. Reading it changes nothing.
    /// </summary>
    public bool TryPeek(out TPayload payload) => _queue.TryPeek(out payload);

    /// <summary>Most events ever pending at once: what the event list's memory grows with.</summary>
    public int PeakPending { get; private set; }

    public void Schedule(double time, in TPayload payload)
    {
        if (time < Now)
        {
            throw new InvalidOperationException($"cannot schedule at {time} before now ({Now})");
        }
        _queue.Enqueue(time, payload);
        if (_queue.Count > PeakPending)
        {
            PeakPending = _queue.Count;
        }
    }

    public void ScheduleIn(double delay, in TPayload payload) => Schedule(Now + delay, payload);

    /// <summary>
    /// Advances the clock to the next event and hands it out; false when none is left or the limit is reached.
    /// </summary>
    public bool TryNext(out TPayload payload)
    {
        if (_queue.PeekTime > TimeLimit)
        {
            HitTimeLimit = _queue.Count > 0;
            payload = default;
            return false;
        }
        if (!_queue.TryDequeue(out double time, out payload))
        {
            return false;
        }
        Now = time;
        EventsProcessed++;
        return true;
    }
}
