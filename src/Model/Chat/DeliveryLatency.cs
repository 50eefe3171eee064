using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Send-to-receipt latency of the run's deliveries. A send's time is kept in its connection's queue until its PUBLISH
/// names the message; a delivery is then its write's finish plus the trip to the client, less the send. One delivery
/// in eight is sampled (by message index plus recipient), so the hot path pays for one quantile bucket in eight
/// writes.
/// Messages are numbered room by room (a room's index of its PUBLISH), so each room keeps its own send times.
/// </summary>
internal sealed class DeliveryLatency
{
    private const int SampleMask = 7;

    // Each connection's send times not yet published; its sends past the most one session makes keep no time (as
    // when each connection kept a fixed run of that many).
    private readonly ConnectionQueues<double> _sendTimes;
    // Each connection's sends made and published, side by side: its send and its PUBLISH read one cache line.
    private readonly SendCounts[] _sends;
    private readonly int _slots;
    private readonly double _clientOneWay;
    private readonly double[]?[] _sentAtIn;
    private readonly RoomLayout _rooms;

    // Several room classes: each class's own latency besides the run's.
    private readonly LatencyHistogram[]? _byClass;

    /// <param name="sendsPerSession">the most sends one session makes</param>
    public DeliveryLatency(int connections, int sendsPerSession, double clientOneWay, RoomLayout rooms)
    {
        // Room 0 starts as the one room always did; other rooms grow from small, made when first published to.
        _rooms = rooms;
        _sentAtIn = new double[]?[rooms.Count];
        _byClass = rooms.Classes > 1 ? [.. Enumerable.Range(0, rooms.Classes).Select(_ => new LatencyHistogram())]
            : null;
        _sentAtIn[0] = new double[1024];
        _slots = Math.Max(1, sendsPerSession);
        _sendTimes = new ConnectionQueues<double>(connections);
        _sends = new SendCounts[connections];
        _clientOneWay = clientOneWay;
    }

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Send-to-PUBLISH seconds of every published message that kept its send time: how far a task's loop
    /// held messages back before Redis had them (the replica counts the same from the load generator's stamps).
    /// </summary>
    public LatencyHistogram PublishLag { get; } = new();

    /// <summary>The latency of room class <paramref name="roomClass"/>'s deliveries (the run's with one class).
    /// </summary>
    public LatencyHistogram HistogramOf(int roomClass) => _byClass?[roomClass] ?? Histogram;

    /// <summary>The connection's client sent a message at <paramref name="now"/>.</summary>
    public void Sent(int connection, double now)
    {
        int k = _sends[connection].Made++;
        if (k < _slots)
        {
            _sendTimes.Enqueue(connection, now);
        }
    }

    /// <summary>The connection's next message (in send order) goes to Redis: the reference its PUBLISH carries (-1:
    /// no time kept).</summary>
    public int NextPublished(int connection)
    {
        int k = _sends[connection].Published++;
        return k < _slots ? _sendTimes.Dequeue(connection) : -1;
    }

    /// <summary>Prefetches what the connection's next send and PUBLISH read here (<see cref="CacheHint"/>; a touch
    /// ahead).</summary>
    public void TouchSender(int connection)
    {
        CacheHint.Prefetch(ref _sends[connection]);
        _sendTimes.Touch(connection);
    }

    /// <summary>Prefetches the room's send times (where its next PUBLISH writes; a touch ahead). Reads the room's
    /// reference to them (a load the prefetch's address needs) and changes nothing.</summary>
    public void TouchRoom(int room)
    {
        if (_sentAtIn[room] is { } sentAt)
        {
            CacheHint.Prefetch(ref MemoryMarshal.GetArrayDataReference(sentAt));
        }
    }

    /// <summary>
    /// Prefetches the send time of <paramref name="room"/>'s message <paramref name="message"/> and changes nothing:
    /// asked for ahead of its fan-outs (whose sampled latencies need it) beside the tasks' room entries, so the misses
    /// overlap. No bounds check: the array's length would be one more miss to wait for, and a prefetch past its end
    /// is harmless.
    /// </summary>
    public void Touch(int room, int message)
    {
        if (_sentAtIn[room] is { } sentAt)
        {
            CacheHint.Prefetch(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sentAt), (nint)message));
        }
    }

    /// <summary>Message <paramref name="message"/> of <paramref name="room"/>, PUBLISHed at <paramref name="now"/>, is
    /// the send <paramref name="sendRef"/> refers to.</summary>
    public void Published(int room, int message, int sendRef, double now)
    {
        double[] sentAt = _sentAtIn[room] ??= new double[16];
        if (message >= sentAt.Length)
        {
            Array.Resize(ref sentAt, Math.Max(message + 1, sentAt.Length * 2));
            _sentAtIn[room] = sentAt;
        }
        if (sendRef < 0)
        {
            sentAt[message] = double.NaN;
            return;
        }
        sentAt[message] = _sendTimes.ValueAt(sendRef);
        _sendTimes.Release(sendRef);
        PublishLag.Add(now - sentAt[message]);
    }

    /// <summary>A single write of <paramref name="message"/> to <paramref name="recipient"/> finished at
    /// <paramref name="writeFinish"/> in time: recorded if it is one of the sampled deliveries.</summary>
    public void RecordIfSampled(int room, int message, int recipient, double writeFinish)
    {
        if (((message + recipient) & SampleMask) == 0)
        {
            Record(room, message, writeFinish);
        }
    }

    /// <summary>
    /// The sampled ones among the first <paramref name="received"/> writes of a batch to one recipient (write j = 1..
    /// of message first + j - 1, finishing at start + j x unit): a few steps per batch, not one per write.
    /// </summary>
    public void RecordSampledBatch(int room, int firstMessage, int recipient, long received, double start,
        double unit)
    {
        // The first j whose message index plus recipient is a multiple of the sampling step, then every step.
        int j = (-(firstMessage + recipient) & SampleMask) + 1;
        for (; j <= received; j += SampleMask + 1)
        {
            Record(room, firstMessage + j - 1, start + j * unit);
        }
    }

    /// <summary>A write of <paramref name="message"/> finished at <paramref name="writeFinish"/> in time.</summary>
    private void Record(int room, int message, double writeFinish)
    {
        double sentAt = _sentAtIn[room]![message];
        if (!double.IsNaN(sentAt))
        {
            double latency = writeFinish + _clientOneWay - sentAt;
            Histogram.Add(latency);
            _byClass?[_rooms.ClassOf(room)].Add(latency);
        }
    }

    private struct SendCounts
    {
        public int Made;
        public int Published;
    }
}
