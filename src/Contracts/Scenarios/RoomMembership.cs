namespace FanoutSim.Model.Scenarios;

/// <summary>Where a room class's members come from.</summary>
public enum RoomMembership
{
    /// <summary>Users of its own, placed after the classes before it: each is in this one room of the class.</summary>
    New,

    /// <summary>Users the classes before it placed already, so each of them is in several rooms (a personal channel and
    /// a group, say): the rooms are filled from those users contiguously in user order, wrapping around.</summary>
    Shared,
}
