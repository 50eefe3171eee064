namespace FanoutSim.Sim.Resources;

/// <summary>
/// Slots of <typeparamref name="T"/> taken and given back in any order, a given-back slot reused first: storage
/// that grows to the most ever held at once, not with how many were ever taken (nothing allocated once grown).
/// </summary>
internal sealed class SlotPool<T>
    where T : struct
{
    private T[] _items;
    private int[] _free;
    private int _freeCount;
    private int _used;

    public SlotPool(int capacity)
    {
        _items = new T[capacity];
        _free = new int[capacity];
    }

    /// <summary>Slots taken and not given back.</summary>
    public int InUse => _used - _freeCount;

    public ref T this[int slot] => ref _items[slot];

    /// <summary>A slot to use (its content is whatever was last there).</summary>
    public int Take()
    {
        if (_freeCount > 0)
        {
            return _free[--_freeCount];
        }
        if (_used == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
            Array.Resize(ref _free, _items.Length);
        }
        return _used++;
    }

    /// <summary>Gives <paramref name="slot"/> back for a later <see cref="Take"/>.</summary>
    public void Give(int slot) => _free[_freeCount++] = slot;
}
