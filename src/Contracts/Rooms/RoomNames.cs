using System.Globalization;

namespace FanoutSim.Model.Rooms;

/// <summary>
/// The one naming of rooms and their Redis channels, shared by the load generator (which joins users to rooms by
/// name), the chat server (which names the channel) and the model (which must put each room on the shard the real
/// channel hashes to).
/// </summary>
public static class RoomNames
{
    /// <summary>The room a single-room run uses when none is named.</summary>
    public const string DefaultPrefix = "room";

    /// <summary>Room <paramref name="index"/> (0-based, in the order a workload lists its rooms).</summary>
    public static string Of(string prefix, int index) =>
        prefix + "-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Redis channel a room's messages travel on (the reference server's naming).</summary>
    public static string ChannelOf(string room) => room + "_broadcast";
}
