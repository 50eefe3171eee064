namespace FanoutSim.Model.Chat;

/// <summary>
/// The rooms one task keeps state for, each given a slot (a small number, reused once freed): a task of a service of
/// a million rooms holds a member of a few tens of thousands at a time, so its per-room state lives in arrays indexed
/// by slot, not by room. An open-addressing table (linear probing; a removal shifts the entries after it back, so no
/// tombstones pile up under churn); nothing is drawn, so slots are given the same way in every run. Where the run can
/// afford an entry per (room, task), the tasks share those instead (<see cref="RoomTaskEntries"/>) and keep no slots.
/// </summary>
internal sealed class RoomSlots
{
    private const int InitialTable = 16;

    // Each cell's room + 1 (0 = empty) beside its slot: a look-up reads one cache line.
    private Cell[] _cells = new Cell[InitialTable];
    private int _shift = 32 - 4;
    private int _count;

    // Slots given back, taken again before new ones (last freed first).
    private int[] _free = new int[InitialTable];
    private int _freeCount;

    /// <summary>Slots ever given: every slot is below it (the length the slot-indexed arrays need).</summary>
    public int Issued { get; private set; }

    /// <summary>Rooms with a slot now.</summary>
    public int Count => _count;

    /// <summary>The room's slot, or -1 when it has none.</summary>
    public int Find(int room)
    {
        int key = room + 1;
        int mask = _cells.Length - 1;
        for (int i = Home(key); ; i = (i + 1) & mask)
        {
            Cell cell = _cells[i];
            if (cell.Key == key)
            {
                return cell.Slot;
            }
            if (cell.Key == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Gives <paramref name="room"/> (which has none) a slot.</summary>
    public int Add(int room)
    {
        int slot = _freeCount > 0 ? _free[--_freeCount] : Issued++;
        _count++;
        if (2 * _count > _cells.Length)
        {
            Grow();
        }
        Insert(room + 1, slot);
        return slot;
    }

    /// <summary>Takes <paramref name="room"/>'s slot back (it has one).</summary>
    public void Remove(int room)
    {
        int key = room + 1;
        int mask = _cells.Length - 1;
        int i = Home(key);
        while (_cells[i].Key != key)
        {
            i = (i + 1) & mask;
        }
        Free(_cells[i].Slot);
        // Shift back every later cell of the run whose home does not lie cyclically after the hole and up to it.
        int hole = i;
        for (int j = (i + 1) & mask; _cells[j].Key != 0; j = (j + 1) & mask)
        {
            int home = Home(_cells[j].Key);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                _cells[hole] = _cells[j];
                hole = j;
            }
        }
        _cells[hole] = default;
    }

    private void Free(int slot)
    {
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }
        _free[_freeCount++] = slot;
        _count--;
    }

    // Fibonacci hashing: consecutive rooms spread over the table.
    private int Home(int key) => (int)(((uint)key * 0x9E3779B9u) >> _shift);

    private void Insert(int key, int slot)
    {
        int mask = _cells.Length - 1;
        int i = Home(key);
        while (_cells[i].Key != 0)
        {
            i = (i + 1) & mask;
        }
        _cells[i] = new Cell(key, slot);
    }

    private void Grow()
    {
        Cell[] cells = _cells;
        _cells = new Cell[cells.Length * 2];
        _shift--;
        foreach (Cell cell in cells)
        {
            if (cell.Key != 0)
            {
                Insert(cell.Key, cell.Slot);
            }
        }
    }

    private readonly record struct Cell(int Key, int Slot);
}
