using System.Runtime.CompilerServices;

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

    // A recipient's connection is 4 bytes: sixteen to a 64-byte cache line.
    private const int RecipientsPerLine = 16;

    // Lines of a long list touched ahead (its first 128 recipients); past them the walk's sequential reads bring in
    // the rest.
    private const int TouchedLines = 8;

    // The recipients in join order, in one array: the first Capacity ints their connections, the 2 x Capacity after
    // them their deadlines (doubles, 8-byte aligned: the capacity is even). A fan-out whose writes all beat the
    // earliest deadline, nearly every one, reads the connections alone: a quarter of the bytes of (connection,
    // deadline) pairs, so a service's lists stay in the cache's reach. Null until the first recipient joins.
    private int[]? _recipients;

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
            _recipients = new int[3 * InitialCapacity];
            _earliestDeadline = double.PositiveInfinity;
        }
        else if (_count == _recipients.Length / 3)
        {
            Grow();
        }
        _recipients[_count] = connection;
        DeadlineAt(_count) = deadline;
        _count++;
        _earliestDeadline = Math.Min(_earliestDeadline, deadline);
    }

    /// <summary>
    /// Prefetches one recipient in each cache line of the list (up to <see cref="TouchedLines"/> lines;
    /// <see cref="CacheHint"/>) ahead of a fan-out (<see cref="ForwardingState.TouchRecipients"/>): the walk's own
    /// reads of a list of many recipients would otherwise miss line after line, each after a mispredicted sampling
    /// branch. Reads the fan-out's own fields (prefetched with its entry) and changes nothing.
    /// </summary>
    public readonly void TouchRecipients()
    {
        if (_recipients is null)
        {
            return;
        }
        int end = Math.Min(_count, TouchedLines * RecipientsPerLine);
        for (int i = 0; i < end; i += RecipientsPerLine)
        {
            CacheHint.Prefetch(ref _recipients[i]);
        }
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
            int connection = _recipients![i];
            if (forwarding[connection])
            {
                double deadline = DeadlineAt(i);
                _recipients[live] = connection;
                DeadlineAt(live++) = deadline;
                earliest = Math.Min(earliest, deadline);
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
    public readonly bool DeliverOne(int index, double finish) => finish < DeadlineAt(index);

    /// <summary>The recipient at <paramref name="index"/> of the current list.</summary>
    public readonly int ConnectionAt(int index) => _recipients![index];

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
        int[] recipients = _recipients;
        if (!_mayHaveLeft && first + (_count - 1) * unit < _earliestDeadline)
        {
            // Every recipient is still here and every write beats its deadline: the same finishes as the walk below,
            // read from the connections alone.
            ReadOnlySpan<int> connections = recipients.AsSpan(0, _count);
            for (int i = 0; i < connections.Length; i++)
            {
                latency.RecordIfSampled(room, message, connections[i], first + i * unit);
            }
            return (_count, 0);
        }
        long received = 0;
        int live = 0;
        double earliest = double.PositiveInfinity;
        for (int i = 0; i < _count; i++)
        {
            int connection = recipients[i];
            if (!forwarding[connection])
            {
                continue;
            }
            double deadline = DeadlineAt(i);
            recipients[live] = connection;
            DeadlineAt(live) = deadline;
            earliest = Math.Min(earliest, deadline);
            double finish = first + live * unit;
            if (finish < deadline)
            {
                received++;
                latency.RecordIfSampled(room, message, connection, finish);
            }
            live++;
        }
        _count = live;
        _earliestDeadline = earliest;
        _mayHaveLeft = false;
        return (received, live - received);
    }

    /// <summary>The deadline of the recipient at <paramref name="index"/>: after the connections, two ints each.
    /// </summary>
    private readonly ref double DeadlineAt(int index) =>
        ref Unsafe.As<int, double>(ref _recipients![_recipients.Length / 3 + 2 * index]);

    /// <summary>Twice the room: the connections and the deadlines each move to their place in a new array.</summary>
    private void Grow()
    {
        int capacity = _recipients!.Length / 3;
        int[] bigger = new int[6 * capacity];
        Array.Copy(_recipients, bigger, _count);
        Array.Copy(_recipients, capacity, bigger, 2 * capacity, 2 * _count);
        _recipients = bigger;
    }
}
