namespace FanoutSim.Model.Chat;

/// <summary>
/// One first-in first-out queue per connection, every queue's values in one pool of cells reused once released: a
/// send holds a cell from the client's send until its PUBLISH, so a run of millions of sessions keeps as many cells
/// as sends are on their way at once, not a run of slots per session for the most sends one could make.
/// </summary>
internal sealed class ConnectionQueues<T>
    where T : struct
{
    private const int InitialCells = 64;

    // Each connection's oldest and newest cell, plus one (0 = empty), side by side: one cache line per connection.
    private readonly Ends[] _ends;

    // Each cell's value, and the next cell of its queue or of the free list, plus one (0 = none).
    private T[] _values = new T[InitialCells];
    private int[] _next = new int[InitialCells];
    private int _issued;
    private int _freeHead;

    public ConnectionQueues(int connections)
    {
        _ends = new Ends[connections];
    }

    /// <summary>Appends <paramref name="value"/> to the connection's queue; returns its cell.</summary>
    public int Enqueue(int connection, T value)
    {
        int cell;
        if (_freeHead > 0)
        {
            cell = _freeHead - 1;
            _freeHead = _next[cell];
        }
        else
        {
            if (_issued == _values.Length)
            {
                Array.Resize(ref _values, 2 * _issued);
                Array.Resize(ref _next, 2 * _issued);
            }
            cell = _issued++;
        }
        _values[cell] = value;
        _next[cell] = 0;
        ref Ends ends = ref _ends[connection];
        if (ends.Tail > 0)
        {
            _next[ends.Tail - 1] = cell + 1;
        }
        else
        {
            ends.Head = cell + 1;
        }
        ends.Tail = cell + 1;
        return cell;
    }

    /// <summary>
    /// Takes the connection's oldest cell off its queue (it has one); the cell keeps its value until
    /// <see cref="Release"/>.
    /// </summary>
    public int Dequeue(int connection)
    {
        ref Ends ends = ref _ends[connection];
        int cell = ends.Head - 1;
        ends.Head = _next[cell];
        if (ends.Head == 0)
        {
            ends.Tail = 0;
        }
        return cell;
    }

    public T ValueAt(int cell) => _values[cell];

    /// <summary>Prefetches the connection's queue ends (<see cref="CacheHint"/>; a touch ahead of its next send or
    /// PUBLISH).</summary>
    public void Touch(int connection) => CacheHint.Prefetch(ref _ends[connection]);

    /// <summary>The cell (taken off its queue) may be given again.</summary>
    public void Release(int cell)
    {
        _next[cell] = _freeHead;
        _freeHead = cell + 1;
    }

    /// <summary>Takes the connection's oldest value off its queue (it has one) and frees its cell.</summary>
    public T Take(int connection)
    {
        int cell = Dequeue(connection);
        T value = _values[cell];
        Release(cell);
        return value;
    }

    private struct Ends
    {
        public int Head;
        public int Tail;
    }
}
