using System.Runtime.CompilerServices;

namespace FanoutSim.Model.Chat;

/// <summary>One field of every connection's row, read and written as an array of it would be.</summary>
internal readonly struct ConnectionColumn<T>
    where T : unmanaged
{
    private readonly ConnectionRow[] _rows;
    private readonly nint _offset;

    public ConnectionColumn(ConnectionRow[] rows, nint offset)
    {
        _rows = rows;
        _offset = offset;
    }

    /// <summary>Connections in the table.</summary>
    public int Length => _rows.Length;

    public ref T this[int connection] =>
        ref Unsafe.As<byte, T>(ref Unsafe.AddByteOffset(ref Unsafe.As<ConnectionRow, byte>(ref _rows[connection]),
            _offset));
}
