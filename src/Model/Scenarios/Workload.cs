namespace FanoutSim.Model.Scenarios;

/// <summary>
/// What the k6 script does: N users in one room (or in the rooms of <paramref name="Rooms"/>), each running
/// back-to-back sessions.
/// </summary>
/// <param name="Users">members of the room (N); with rooms, every member of the classes with members of their
/// own</param>
/// <param name="IntervalSeconds">time between two sends of one user</param>
/// <param name="SessionSeconds">socket lifetime from open to the client's close call</param>
/// <param name="Sessions">sessions (k6 iterations) per user, back to back</param>
/// <param name="RampSeconds">users start uniformly spread over [0, ramp)</param>
/// <param name="SendJitterSeconds">each send comes this much later than its tick at most (uniform), as real users
/// do; 0 = k6's exact ticks (a send that would fall after the close is not made)</param>
/// <param name="Sends">ticks every interval (k6), or a Poisson process of the same mean rate</param>
/// <param name="Rooms">the chat service's rooms, class by class (each user in one room of the classes with members
/// of their own, placed class by class in order, and in the rooms of shared classes that draw on it); null = one room
/// of all users</param>
public sealed record Workload(
    int Users,
    double IntervalSeconds,
    double SessionSeconds,
    int Sessions,
    double RampSeconds,
    double SendJitterSeconds = 0,
    SendProcess Sends = SendProcess.Ticks,
    IReadOnlyList<RoomClass>? Rooms = null)
{
    /// <summary>The room classes, one class of one room of every user when the workload names none.</summary>
    public IReadOnlyList<RoomClass> RoomClasses => Rooms ?? [new RoomClass(1, Users)];

    /// <summary>How users send, as the top level says: every class that says nothing else sends so.</summary>
    public SendTiming Timing => new(IntervalSeconds, Sends, SendJitterSeconds);

    /// <summary>How <paramref name="roomClass"/>'s users send: its own values over the top level's.</summary>
    public SendTiming TimingOf(RoomClass roomClass) => roomClass.Sending?.Over(Timing) ?? Timing;

    /// <summary>Every class sends as the top level does: the one-timing shortcuts (and their exact arithmetic) hold.
    /// </summary>
    public bool UniformTiming => RoomClasses.All(c => TimingOf(c) == Timing);

    /// <summary>Some class sets its own message size: Redis copies cost other than the profile's bytes.</summary>
    public bool SetsMessageSizes => RoomClasses.Any(c => c.MessageSize is not null);

    /// <summary>Some class's rooms draw on users placed before it: users in several rooms.</summary>
    public bool SharesMembers => Rooms?.Any(c => c.SharesMembers) == true;

    /// <summary>More than one room: the single-room model's shortcuts do not hold.</summary>
    public bool SeveralRooms => RoomClasses.Sum(c => (long)c.Count) > 1;
}
