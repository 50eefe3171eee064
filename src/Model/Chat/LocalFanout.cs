namespace FanoutSim.Model.Chat;

/// <summary>
/// Per-task mode: the task's one subscriber loop writes each message to every local connection in a
/// single turn, in join order. Writes finish one per-delivery cost apart, so each recipient's finish
/// time follows from the turn's start; no event or job per delivery is needed.
/// A struct kept inside the task's entry for the room (<see cref="ForwardingState"/>): a fan-out reads the entry it
/// has just counted in and the recipients' array, not a further object scattered over the heap (a service of a
/// million connections runs a hundred million fan-outs, each on a room's entry seen no more than once a minute).
/// The default value is no fan-out at all; the first <see cref="Add"/> makes it one.
/// </summary>
internal struct LocalFanout
{
    // Most rooms of a service have a member or two on a task: small lists keep a million of them in cache's reach.
    private const int InitialCapacity = 2;

    // A recipient is 16 bytes: four to a 64-byte cache line.
    private const int RecipientsPerLine = 4;

    // Lines of a long list touched ahead; past them the walk's sequential reads bring in the rest.
    private const int TouchedLines = 32;

    // Each recipient beside its deadline: a fan-out reads one array. Null until the first recipient joins.
    private Recipient[]? _recipients;

    // The earliest deadline in the list, and whether a recipient may have stopped forwarding since the last walk:
    // while neither can cut a write, a fan-out only looks for its sampled latencies.
    private double _earliestDeadline;
    private int _count;
    private bool _mayHaveLeft;

    /// <summary>Whether a recipient ever joined (since the room's entry was last let go).</summary>
    public readonly bool Exists => _recipients is not null;

    /// <param name="deadline">the last instant a write may finish and still reach the client before it closes</param>
    public void Add(int connection, double deadline)
    {
        if (_recipients is null)
        {
            _recipients = new Recipient[InitialCapacity];
            _earliestDeadline = double.PositiveInfinity;
        }
        else if (_count == _recipients.Length)
        {
            Array.Resize(ref _recipients, _count * 2);
        }
        _recipients[_count++] = new Recipient(connection, deadline);
        _earliestDeadline = Math.Min(_earliestDeadline, deadline);
    }

    /// <summary>Reads the fan-out's own fields (the end of its room's entry) and changes nothing; returns a sum of
    /// them. Only to bring them into the cache ahead of a fan-out (<see cref="ForwardingState.TouchEntry"/>).
    /// </summary>
    public readonly int TouchFields() => _count + (_mayHaveLeft ? 1 : 0) + (_recipients is null ? 0 : 1);

    /// <summary>
    /// Reads one recipient in each cache line of the list (up to <see cref="TouchedLines"/> lines) and changes
    /// nothing; returns a sum of what it read. Only to bring the list into the cache ahead of a fan-out
    /// (<see cref="ForwardingState.TouchRecipients"/>): the walk's own reads of a list of many recipients would
    /// otherwise miss line after line, each after a mispredicted sampling branch.
    /// </summary>
    public readonly int TouchRecipients()
    {
        if (_recipients is null)
        {
            return 0;
        }
        int sum = 0;
        int end = Math.Min(_count, TouchedLines * RecipientsPerLine);
        for (int i = 0; i < end; i += RecipientsPerLine)
        {
            sum += _recipients[i].Connection;
        }
        return sum;
    }

    /// <summary>A recipient stopped forwarding: the next fan-out walks the list and drops it.</summary>
    public void RecipientLeft()
    {
        if (Exists)
        {
            _mayHaveLeft = true;
        }
    }

    /// <summary>Drops connections that stopped forwarding; returns how many recipients are left.</summary>
    /// <param name="forwarding">whether each connection of the run still forwards</param>
    public int Compact(bool[] forwarding)
    {
        int live = 0;
        double earliest = double.PositiveInfinity;
        for (int i = 0; i < _count; i++)
        {
            Recipient r = _recipients![i];
            if (forwarding[r.Connection])
            {
                _recipients[live++] = r;
                earliest = Math.Min(earliest, r.Deadline);
            }
        }
        _count = live;
        _earliestDeadline = earliest;
        _mayHaveLeft = false;
        return live;
    }

    /// <summary>
    /// Exact mode: whether the write to recipient <paramref name="index"/> finishing at <paramref name="finish"/>
    /// arrives in time.
    /// </summary>
    public readonly bool DeliverOne(int index, double finish) => finish < _recipients![index].Deadline;

    /// <summary>The recipient at <paramref name="index"/> of the current list.</summary>
    public readonly int ConnectionAt(int index) => _recipients![index].Connection;

    /// <summary>
    /// Writes one message to every live recipient: the j-th (from 0) finishes at first + j * unit.
    /// Drops connections that stopped forwarding while walking the list.
    /// </summary>
    /// <param name="forwarding">whether each connection of the run still forwards</param>
    /// <param name="message">the message written, for the sampled latencies</param>
    /// <param name="room">the room the message is in, for the sampled latencies</param>
    public (long Received, long Late) Deliver(bool[] forwarding, int room, double first, double unit, int message,
        DeliveryLatency latency)
    {
        if (_recipients is null)
        {
            return (0, 0);
        }
        if (!_mayHaveLeft && first + (_count - 1) * unit < _earliestDeadline)
        {
            // Every recipient is still here and every write beats its deadline: the same finishes as the walk below.
            for (int i = 0; i < _count; i++)
            {
                latency.RecordIfSampled(room, message, _recipients[i].Connection, first + i * unit);
            }
            return (_count, 0);
        }
        long received = 0;
        int live = 0;
        double earliest = double.PositiveInfinity;
        for (int i = 0; i < _count; i++)
        {
            Recipient r = _recipients[i];
            if (!forwarding[r.Connection])
            {
                continue;
            }
            _recipients[live] = r;
            earliest = Math.Min(earliest, r.Deadline);
            double finish = first + live * unit;
            if (finish < r.Deadline)
            {
                received++;
                latency.RecordIfSampled(room, message, r.Connection, finish);
            }
            live++;
        }
        _count = live;
        _earliestDeadline = earliest;
        _mayHaveLeft = false;
        return (received, live - received);
    }

    private readonly record struct Recipient(int Connection, double Deadline);
}
