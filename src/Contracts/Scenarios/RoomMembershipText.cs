namespace FanoutSim.Model.Scenarios;

/// <summary>How a <see cref="RoomMembership"/> is written in a room class's `members` key: new, shared.</summary>
public static class RoomMembershipText
{
    public static readonly TextMap<RoomMembership> Map = new(
        (RoomMembership.New, "new"),
        (RoomMembership.Shared, "shared"));

    public static string ToText(this RoomMembership membership) => Map.Text(membership);
}
