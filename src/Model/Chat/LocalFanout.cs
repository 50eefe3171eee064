namespace FanoutSim.Model.Chat;

/// <summary>
/// Per-task mode: the task's one subscriber loop writes each message to every local connection in a
/// single turn, in join order. Writes finish one per-delivery cost apart, so each recipient's finish
/// time follows from the turn's start; no event or job per delivery is needed.
/// </summary>
internal sealed class LocalFanout
{
    // Most rooms of a service have a member or two on a task: small lists keep a million of them in cache's reach.
    private const int InitialCapacity = 2;

    private readonly bool[] _forwarding;
    private int[] _connections = new int[InitialCapacity];
    private double[] _deadlines = new double[InitialCapacity];
    private int _count;

    // The earliest deadline in the list, and whether a recipient may have stopped forwarding since the last walk:
    // while neither can cut a write, a fan-out only looks for its sampled latencies.
    private double _earliestDeadline = double.PositiveInfinity;
    private bool _mayHaveLeft;

    public LocalFanout(bool[] forwarding)
    {
        _forwarding = forwarding;
    }

    /// <param name="deadline">the last instant a write may finish and still reach the client before it closes</param>
    public void Add(int connection, double deadline)
    {
        if (_count == _connections.Length)
        {
            Array.Resize(ref _connections, _count * 2);
            Array.Resize(ref _deadlines, _count * 2);
        }
        _connections[_count] = connection;
        _deadlines[_count] = deadline;
        _count++;
        _earliestDeadline = Math.Min(_earliestDeadline, deadline);
    }

    /// <summary>A recipient stopped forwarding: the next fan-out walks the list and drops it.</summary>
    public void RecipientLeft() => _mayHaveLeft = true;

    /// <summary>Drops connections that stopped forwarding; returns how many recipients are left.</summary>
    public int Compact()
    {
        int live = 0;
        double earliest = double.PositiveInfinity;
        for (int i = 0; i < _count; i++)
        {
            if (_forwarding[_connections[i]])
            {
                _connections[live] = _connections[i];
                _deadlines[live] = _deadlines[i];
                earliest = Math.Min(earliest, _deadlines[i]);
                live++;
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
    public bool DeliverOne(int index, double finish) => finish < _deadlines[index];

    /// <summary>The recipient at <paramref name="index"/> of the current list.</summary>
    public int ConnectionAt(int index) => _connections[index];

    /// <summary>
    /// Writes one message to every live recipient: the j-th (from 0) finishes at first + j * unit.
    /// Drops connections that stopped forwarding while walking the list.
    /// </summary>
    /// <param name="message">the message written, for the sampled latencies</param>
    /// <param name="room">the room the message is in, for the sampled latencies</param>
    public (long Received, long Late) Deliver(int room, double first, double unit, int message,
        DeliveryLatency latency)
    {
        if (!_mayHaveLeft && first + (_count - 1) * unit < _earliestDeadline)
        {
            // Every recipient is still here and every write beats its deadline: the same finishes as the walk below.
            for (int i = 0; i < _count; i++)
            {
                latency.RecordIfSampled(room, message, _connections[i], first + i * unit);
            }
            return (_count, 0);
        }
        long received = 0;
        int live = 0;
        double earliest = double.PositiveInfinity;
        for (int i = 0; i < _count; i++)
        {
            int connection = _connections[i];
            if (!_forwarding[connection])
            {
                continue;
            }
            double deadline = _deadlines[i];
            _connections[live] = connection;
            _deadlines[live] = deadline;
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
}
