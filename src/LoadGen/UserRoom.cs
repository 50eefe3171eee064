namespace FanoutSim.LoadGen;

/// <summary>
/// One room of a virtual user, as it sends there: the room, when its sends fall (its class's timing) and its messages
/// (its class's sizes; in several rooms, each framed with the room's line). A user's first room is its seat 0.
/// </summary>
internal sealed record UserRoom(int Room, SendClock Clock, MessagePayload Payload)
{
    /// <summary>What a frame of this room starts with on a connection in several rooms; empty in one.</summary>
    public byte[] Line { get; init; } = [];
}
