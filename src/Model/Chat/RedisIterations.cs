namespace FanoutSim.Model.Chat;

/// <summary>
/// Redis' event loop as its PUBLISHes see it. One iteration reads what has arrived on its clients' sockets when it
/// starts, runs those commands back to back on the one thread, and only then (beforeSleep,
/// handleClientsWithPendingWrites) writes each client's pending output, once. So a PUBLISH that arrives while an
/// iteration runs waits for the next one, and its copies leave with those of every PUBLISH read with it. The CPU is
/// the node's FIFO: an iteration starts when the previous one ends, or at its first arrival if Redis was idle.
/// </summary>
internal sealed class RedisIterations
{
    // When the CPU finishes the newest PUBLISH so far.
    private double _cpuFreeAt = double.NegativeInfinity;

    // Whether writes have ever taken Redis' thread (Busy): only then can an iteration start after its PUBLISH's CPU.
    private bool _busied;

    /// <summary>Whether an iteration has PUBLISHes whose copies are not written yet.</summary>
    public bool Open { get; private set; }

    /// <summary>When the open iteration's CPU work starts: what arrives later is read by the next one.</summary>
    public double Start { get; private set; }

    /// <summary>When the open iteration's last PUBLISH is done: its writes happen then.</summary>
    public double End { get; private set; }

    /// <summary>The open iteration's first message index.</summary>
    public int First { get; private set; }

    /// <summary>One past the open iteration's last message index.</summary>
    public int Published { get; private set; }

    /// <summary>Subscribers of the open iteration's last message.</summary>
    public int Subscribers { get; private set; }

    /// <summary>Whether a PUBLISH arriving at <paramref name="arrival"/> is read by an iteration not open yet.
    /// </summary>
    public bool StartsNew(double arrival) => !Open || arrival > Start;

    /// <summary>Whether the open iteration can take nothing more by <paramref name="time"/>: its writes are due.
    /// </summary>
    public bool DueBy(double time) => Open && (Start < time || (_busied && End <= time));

    /// <summary>A new iteration reads the PUBLISH that arrived at <paramref name="arrival"/>.</summary>
    public void Begin(double arrival, int message)
    {
        Open = true;
        Start = Math.Max(arrival, _cpuFreeAt);
        First = message;
    }

    /// <summary>The open iteration ran message <paramref name="message"/>, done at <paramref name="cpuDone"/>.
    /// </summary>
    public void Add(int message, double cpuDone, int subscribers)
    {
        // Not before the iteration started: its reads wait for the previous iteration's writes (Busy). The
        // PUBLISHes' own CPU is taken as it came (the node's FIFO), not moved after those writes.
        End = _busied ? Math.Max(cpuDone, Start) : cpuDone;
        _cpuFreeAt = End;
        Published = message + 1;
        Subscribers = subscribers;
    }

    /// <summary>The open iteration's writes are made.</summary>
    public void Close() => Open = false;

    /// <summary>Redis' thread is busy (the last iteration's writes) until <paramref name="until"/>: the next
    /// iteration starts no earlier.</summary>
    public void Busy(double until)
    {
        _busied = true;
        _cpuFreeAt = Math.Max(_cpuFreeAt, until);
    }
}
