namespace FanoutSim.Model.Scenarios;

/// <summary>A class of rooms in a chat service: <paramref name="Count"/> rooms of <paramref name="Size"/> members.
/// </summary>
public sealed record RoomClass(int Count, int Size)
{
    public long Members => (long)Count * Size;
}
