using System.Text;

namespace FanoutSim.Model.Rooms;

/// <summary>
/// Redis Cluster's key-to-slot mapping (CRC16-XMODEM of the key, or of its first non-empty {hash tag}, mod 16384) and
/// the even split of slots over masters that `redis-cli --cluster create` makes, so a channel's shard is computed the
/// same way by the model, by a client-sharding server, and by a real cluster.
/// </summary>
public static class HashSlots
{
    public const int Count = 16384;

    private static readonly ushort[] s_table = BuildTable();

    /// <summary>The slot of <paramref name="key"/> as Redis Cluster computes it.</summary>
    public static int SlotOf(string key)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(key);
        ReadOnlySpan<byte> hashed = bytes;
        int open = hashed.IndexOf((byte)'{');
        if (open >= 0)
        {
            int close = hashed[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                hashed = hashed.Slice(open + 1, close);
            }
        }
        return Crc16(hashed) & (Count - 1);
    }

    /// <summary>
    /// The master (0-based, in creation order) owning <paramref name="slot"/> when <paramref name="shards"/> masters
    /// split the slots as redis-cli does: master i ends at round((i + 1) * 16384 / S - 1), the last at 16383.
    /// </summary>
    public static int ShardOf(int slot, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        for (int i = 0; i < shards - 1; i++)
        {
            if (slot <= LastSlotOf(i, shards))
            {
                return i;
            }
        }
        return shards - 1;
    }

    /// <summary>The last slot master <paramref name="shard"/> of <paramref name="shards"/> owns.</summary>
    public static int LastSlotOf(int shard, int shards)
    {
        if (shard == shards - 1)
        {
            return Count - 1;
        }
        // redis-cli works in single precision (float slots_per_node) and rounds half away from zero (lround).
        float perNode = Count / (float)shards;
        float cursor = 0;
        for (int i = 0; i < shard; i++)
        {
            cursor += perNode;
        }
        return (int)MathF.Round(cursor + perNode - 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The shard a channel's messages go through.</summary>
    public static int ShardOfChannel(string channel, int shards) => ShardOf(SlotOf(channel), shards);

    /// <summary>
    /// The shard of room <paramref name="room"/> (0-based, in the order a workload lists its rooms) as the model
    /// names it (<see cref="RoomNames.DefaultPrefix"/>), and as real multi-room runs name their rooms.
    /// </summary>
    public static int ShardOfRoom(int room, int shards) =>
        shards == 1 ? 0 : ShardOfChannel(RoomNames.ChannelOf(RoomNames.Of(RoomNames.DefaultPrefix, room)), shards);

    private static ushort Crc16(ReadOnlySpan<byte> bytes)
    {
        ushort crc = 0;
        foreach (byte b in bytes)
        {
            crc = (ushort)((crc << 8) ^ s_table[((crc >> 8) ^ b) & 0xff]);
        }
        return crc;
    }

    private static ushort[] BuildTable()
    {
        ushort[] table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort crc = (ushort)(i << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
            table[i] = crc;
        }
        return table;
    }
}
