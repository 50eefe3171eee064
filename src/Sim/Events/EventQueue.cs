using System.Runtime.CompilerServices;

namespace FanoutSim.Sim.Events;

/// <summary>
/// Pending events ordered by time, ties broken by insertion order so runs are deterministic.
/// An array-backed 4-ary min-heap of structs, beside a few sorted runs: an event scheduled no earlier than the last
/// one in a run is appended to it (the run whose last is latest, of those), so a stream of events each scheduled a
/// fixed delay after its own instant (every session's close, every client's next tick) stays a run read from its head
/// and written at its tail, in order, instead of two million entries of a heap whose every take reads a path of cache
/// misses down to its leaves. The order out is the same whichever holds an event: by time, then by insertion.
/// Scheduling allocates only when an array grows.
/// </summary>
public sealed class EventQueue<TPayload> where TPayload : struct
{
    private const int RunCount = 4;

    // Where the earliest pending event is: the heap, a run (its index) or nowhere.
    private const int InHeap = -1;
    private const int Nowhere = -2;

    private struct Entry
    {
        public double Time;
        public long Sequence;
        public TPayload Payload;
    }

    private Entry[] _heap;
    private int _count;
    private long _nextSequence;
    private readonly SortedRun[] _runs = [.. Enumerable.Range(0, RunCount).Select(_ => new SortedRun())];
    private int _pending;
    private int _earliest = Nowhere;

    public EventQueue(int initialCapacity = 1024)
    {
        _heap = new Entry[Math.Max(4, initialCapacity)];
    }

    public int Count => _pending;

    /// <summary>Pending events held in the heap rather than in a run (the rest are in runs).</summary>
    public int InHeapCount => _count;

    /// <summary>Time of the earliest pending event, or +infinity when none is pending.</summary>
    public double PeekTime => _earliest == Nowhere ? double.PositiveInfinity : Earliest.Time;

    /// <summary>The earliest pending event's payload, left in place; false when none is pending.</summary>
    public bool TryPeek(out TPayload payload)
    {
        if (_earliest == Nowhere)
        {
            payload = default;
            return false;
        }
        payload = Earliest.Payload;
        return true;
    }

    public void Enqueue(double time, in TPayload payload)
    {
        if (double.IsNaN(time))
        {
            throw new ArgumentException("event time is NaN", nameof(time));
        }
        var entry = new Entry { Time = time, Sequence = _nextSequence++, Payload = payload };
        int run = RunFor(time);
        if (run >= 0)
        {
            _runs[run].Append(entry);
        }
        else
        {
            if (_count == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
            }
            SiftUp(_count++, entry);
        }
        _pending++;
        // The newest event comes after every pending one of its time: it is the earliest only if strictly earlier.
        if (_earliest == Nowhere || time < Earliest.Time)
        {
            _earliest = run >= 0 ? run : InHeap;
        }
    }

    public bool TryDequeue(out double time, out TPayload payload)
    {
        if (_earliest == Nowhere)
        {
            time = double.PositiveInfinity;
            payload = default;
            return false;
        }
        if (_earliest == InHeap)
        {
            ref Entry top = ref _heap[0];
            time = top.Time;
            payload = top.Payload;
            Entry last = _heap[--_count];
            if (_count > 0)
            {
                SiftDown(0, last);
            }
            _heap[_count] = default;
        }
        else
        {
            ref Entry head = ref _runs[_earliest].Head;
            time = head.Time;
            payload = head.Payload;
            _runs[_earliest].RemoveHead();
        }
        _pending--;
        _earliest = FindEarliest();
        return true;
    }

    public void Clear()
    {
        Array.Clear(_heap, 0, _count);
        _count = 0;
        foreach (SortedRun run in _runs)
        {
            run.Clear();
        }
        _pending = 0;
        _earliest = Nowhere;
    }

    private ref Entry Earliest => ref (_earliest == InHeap ? ref _heap[0] : ref _runs[_earliest].Head);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);

    /// <summary>The run an event at <paramref name="time"/> is appended to (the one whose last event is the latest
    /// not after it; else an empty one), or -1 for the heap.</summary>
    private int RunFor(double time)
    {
        int best = -1;
        int empty = -1;
        double bestTail = double.NegativeInfinity;
        for (int r = 0; r < _runs.Length; r++)
        {
            SortedRun run = _runs[r];
            if (run.Count == 0)
            {
                if (empty < 0)
                {
                    empty = r;
                }
                continue;
            }
            double tail = run.TailTime;
            if (tail <= time && tail > bestTail)
            {
                best = r;
                bestTail = tail;
            }
        }
        return best >= 0 ? best : empty;
    }

    private int FindEarliest()
    {
        int earliest = _count > 0 ? InHeap : Nowhere;
        for (int r = 0; r < _runs.Length; r++)
        {
            SortedRun run = _runs[r];
            if (run.Count > 0 && (earliest == Nowhere ||
                Before(run.Head, earliest == InHeap ? _heap[0] : _runs[earliest].Head)))
            {
                earliest = r;
            }
        }
        return earliest;
    }

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

    /// <summary>Events in order (each appended no earlier than the last): a ring read at its head, written at its tail.
    /// </summary>
    private sealed class SortedRun
    {
        private Entry[] _ring = new Entry[16];
        private int _head;

        public int Count { get; private set; }

        public ref Entry Head
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => ref _ring[_head];
        }

        public double TailTime => _ring[(_head + Count - 1) & (_ring.Length - 1)].Time;

        public void Append(in Entry entry)
        {
            if (Count == _ring.Length)
            {
                Grow();
            }
            _ring[(_head + Count) & (_ring.Length - 1)] = entry;
            Count++;
        }

        public void RemoveHead()
        {
            _ring[_head] = default;
            // Emptied, it starts again at the front: a large ring taken up by a few events keeps them in a few lines.
            _head = --Count == 0 ? 0 : (_head + 1) & (_ring.Length - 1);
        }

        public void Clear()
        {
            Array.Clear(_ring);
            _head = 0;
            Count = 0;
        }

        private void Grow()
        {
            var bigger = new Entry[_ring.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                bigger[i] = _ring[(_head + i) & (_ring.Length - 1)];
            }
            _ring = bigger;
            _head = 0;
        }
    }
}
