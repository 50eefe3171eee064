namespace FanoutSim.Sim.Events;

/// <summary>
/// Entries far in the future, kept unsorted in buckets of equal time width until the clock reaches them: a run with
/// a million pending timers then sorts only the next bucket's worth at a time, in a heap small enough to stay in
/// cache. Buckets are numbered by floor(time / width), which never decreases as time grows, so moving whole buckets
/// in number order keeps every entry's time order.
/// </summary>
internal sealed class FarBuckets<TEntry>
{
    // Past this, times share one last bucket (a bucket number must fit a long with room to add one).
    private const double LastNumber = 4e18;

    private readonly double _width;
    private readonly Dictionary<long, List<TEntry>> _buckets = new();
    private readonly PriorityQueue<long, long> _numbers = new();
    private readonly Stack<List<TEntry>> _spareLists = new();

    public FarBuckets(double width)
    {
        if (!(width > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), "bucket width must be positive");
        }
        _width = width;
    }

    public int Count { get; private set; }

    /// <summary>The bucket a time falls in.</summary>
    public long NumberOf(double time) => (long)Math.Min(Math.Floor(time / _width), LastNumber);

    public void Add(long number, in TEntry entry)
    {
        if (!_buckets.TryGetValue(number, out List<TEntry>? list))
        {
            list = _spareLists.Count > 0 ? _spareLists.Pop() : new List<TEntry>();
            _buckets.Add(number, list);
            _numbers.Enqueue(number, number);
        }
        list.Add(entry);
        Count++;
    }

    /// <summary>
    /// Takes out the earliest bucket, handing each entry to <paramref name="take"/> in the order they were added;
    /// returns its number.
    /// </summary>
    public long TakeEarliest<TTake>(ref TTake take) where TTake : struct, IEntrySink<TEntry>
    {
        long number = _numbers.Dequeue();
        _buckets.Remove(number, out List<TEntry>? list);
        foreach (TEntry entry in list!)
        {
            take.Add(entry);
        }
        Count -= list.Count;
        list.Clear();
        _spareLists.Push(list);
        return number;
    }

    public void Clear()
    {
        foreach (List<TEntry> list in _buckets.Values)
        {
            list.Clear();
            _spareLists.Push(list);
        }
        _buckets.Clear();
        _numbers.Clear();
        Count = 0;
    }
}

/// <summary>Where a bucket's entries go when the clock reaches it; a struct so the calls are direct.</summary>
internal interface IEntrySink<TEntry>
{
    void Add(in TEntry entry);
}
