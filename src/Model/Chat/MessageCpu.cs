using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// A task's CPU for one copy of a room's message, class by class: the profile's per-message read and write costs plus
/// its per-KiB costs on what the class's messages carry beyond the profile's <c>message_bytes</c>. A class whose sizes
/// are drawn is charged its law's mean: a forwarder's turn writes a batch of its room's messages, not told apart by
/// size (Redis, which sends each copy of one message, is charged each message's own size). A class of the profile's
/// size, or a profile without per-KiB costs, costs exactly the per-message figures.
/// </summary>
internal sealed class MessageCpu
{
    private readonly RoomLayout _rooms;
    private readonly double[] _readOfClass;
    private readonly double[] _writeOfClass;

    public MessageCpu(CostProfile profile, IReadOnlyList<RoomClass> classes, RoomLayout rooms, bool perConnection)
    {
        _rooms = rooms;
        _readOfClass = [.. classes.Select(c => profile.ReadCpuFor(c.MeanMessageBytes(profile)))];
        _writeOfClass = [.. classes.Select(c => profile.WriteCpuFor(perConnection, c.MeanMessageBytes(profile)))];
    }

    /// <summary>Reading one copy of <paramref name="room"/>'s message from a Redis subscription.</summary>
    public double Read(int room) => _readOfClass[_rooms.ClassOf(room)];

    /// <summary>Writing one of <paramref name="room"/>'s messages to one WebSocket.</summary>
    public double Write(int room) => _writeOfClass[_rooms.ClassOf(room)];
}
