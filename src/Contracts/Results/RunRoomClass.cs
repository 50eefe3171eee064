using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// A class of rooms as a run records it: <paramref name="Count"/> rooms of <paramref name="Size"/> members each. A
/// scenario's size distribution is recorded as the sizes it made, so a run file always names every room.
/// </summary>
/// <param name="Members">"shared" when the rooms hold users of the classes before it; null = users of its own</param>
public sealed record RunRoomClass(int Count, int Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Members = null);
