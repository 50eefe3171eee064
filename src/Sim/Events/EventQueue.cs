namespace FanoutSim.Sim.Events;

/// <summary>
/// Pending events ordered by time, ties broken by insertion order so runs are deterministic.
/// An array-backed 4-ary min-heap of structs: scheduling allocates only when the array grows.
/// </summary>
public sealed class EventQueue<TPayload> where TPayload : struct
{
    private struct Entry
    {
        public double Time;
        public long Sequence;
        public TPayload Payload;
    }

    private Entry[] _heap;
    private int _count;
    private long _nextSequence;

    public EventQueue(int initialCapacity = 1024)
    {
        _heap = new Entry[Math.Max(4, initialCapacity)];
    }

    public int Count => _count;

    /// <summary>Time of the earliest pending event, or +infinity when none is pending.</summary>
    public double PeekTime => _count > 0 ? _heap[0].Time : double.PositiveInfinity;

    /// <summary>The earliest pending event's payload, left in place; false when none is pending.</summary>
    public bool TryPeek(out TPayload payload)
    {
        if (_count == 0)
        {
            payload = default;
            return false;
        }
        payload = _heap[0].Payload;
        return true;
    }

    public void Enqueue(double time, in TPayload payload)
    {
        if (double.IsNaN(time))
        {
            throw new ArgumentException("event time is NaN", nameof(time));
        }
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        var entry = new Entry { Time = time, Sequence = _nextSequence++, Payload = payload };
        SiftUp(_count++, entry);
    }

    public bool TryDequeue(out double time, out TPayload payload)
    {
        if (_count == 0)
        {
            time = double.PositiveInfinity;
            payload = default;
            return false;
        }
        ref Entry top = ref _heap[0];
        time = top.Time;
        payload = top.Payload;
        Entry last = _heap[--_count];
        if (_count > 0)
        {
            SiftDown(0, last);
        }
        _heap[_count] = default;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_heap, 0, _count);
        _count = 0;
    }

    private static bool Before(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);

    private void SiftUp(int index, Entry entry)
    {
        while (index > 0)
        {
            int parent = (index - 1) >> 2;
            if (!Before(entry, _heap[parent]))
            {
                break;
            }
            _heap[index] = _heap[parent];
            index = parent;
        }
        _heap[index] = entry;
    }

    private void SiftDown(int index, Entry entry)
    {
        while (true)
        {
            int first = (index << 2) + 1;
            if (first >= _count)
            {
                break;
            }
            int best = first;
            int end = Math.Min(first + 4, _count);
            for (int child = first + 1; child < end; child++)
            {
                if (Before(_heap[child], _heap[best]))
                {
                    best = child;
                }
            }
            if (!Before(_heap[best], entry))
            {
                break;
            }
            _heap[index] = _heap[best];
            index = best;
        }
        _heap[index] = entry;
    }
}
