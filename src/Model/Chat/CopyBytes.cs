using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Chat;

/// <summary>
/// What one Redis copy of a room's message takes on a fluid egress link, for workloads whose room classes set their
/// own message size: the profile's copy grown or shrunk by the message's difference from the size the profile was
/// measured at. A class whose sizes follow a law draws each message's size when it is published, from its own stream
/// ("message-bytes"), which exists only when some class asks for it, so no other draw moves.
/// </summary>
internal sealed class CopyBytes
{
    private readonly RoomLayout _rooms;
    private readonly CostProfile _profile;

    // Per class: one copy's bytes, or (when the class's sizes are drawn) NaN and the law's size at a probability.
    private readonly double[] _fixedOfClass;
    private readonly Func<double, int>?[] _drawOfClass;
    private readonly RandomStream? _draws;

    private CopyBytes(CostProfile profile, RoomLayout rooms, IReadOnlyList<RoomClass> classes, RandomStreams streams)
    {
        _profile = profile;
        _rooms = rooms;
        _fixedOfClass = new double[classes.Count];
        _drawOfClass = new Func<double, int>?[classes.Count];
        for (int k = 0; k < classes.Count; k++)
        {
            MessageSize? size = classes[k].MessageSize;
            _drawOfClass[k] = size?.Law?.SizeAt();
            _fixedOfClass[k] = size is null ? profile.RedisBytesPerCopy
                : size.Law is null ? profile.RedisCopyBytes(shaped: false, size.Bytes)
                : double.NaN;
        }
        _draws = _drawOfClass.Any(d => d is not null) ? streams.For("message-bytes") : null;
    }

    /// <summary>The copies' sizes for a workload that sets any; null = every copy is the profile's.</summary>
    public static CopyBytes? Of(Scenario scenario, CostProfile profile, RoomLayout rooms, RandomStreams streams) =>
        scenario.Workload.SetsMessageSizes
            ? new CopyBytes(profile, rooms, scenario.Workload.RoomClasses, streams)
            : null;

    /// <summary>Bytes of each copy of the message <paramref name="room"/> publishes now (a draw, for a drawn size).
    /// </summary>
    public double Next(int room)
    {
        int roomClass = _rooms.ClassOf(room);
        Func<double, int>? draw = _drawOfClass[roomClass];
        return draw is null
            ? _fixedOfClass[roomClass]
            : _profile.RedisCopyBytes(shaped: false, draw(_draws!.NextDouble()));
    }
}
