namespace FanoutSim.Model.Scenarios;

/// <summary>
/// What the k6 script does: N users in one room (or in the rooms of <paramref name="Rooms"/>), each running
/// back-to-back sessions.
/// </summary>
/// <param name="Users">members of the room (N); with rooms, every member of the classes with members of their
/// own</param>
/// <param name="IntervalSeconds">time between two sends of one user</param>
/// <param name="SessionSeconds">socket lifetime from open to the client's close call; with a
/// <see cref="SessionLaw"/>, its mean</param>
/// <param name="Sessions">sessions (k6 iterations) per user, back to back (or after a <see cref="Reconnect"/> gap);
/// with a <see cref="RunSeconds"/>, the mean count per user, for the bounds (the simulation plans each user's own)
/// </param>
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

    /// <summary>How long each session lasts, drawn session by session; null = every one <see cref="SessionSeconds"/>.
    /// </summary>
    public DurationLaw? SessionLaw { get; init; }

    /// <summary>The gap between a user's close and its next session's connect; null = none (back to back).</summary>
    public DurationLaw? Reconnect { get; init; }

    /// <summary>
    /// Churn as a steady state: users keep reconnecting until this many seconds from the start, when every session
    /// still open is closed; null = each user makes <see cref="Sessions"/> sessions.
    /// </summary>
    public double? RunSeconds { get; init; }

    /// <summary>How long <paramref name="roomClass"/>'s sessions last: its own law over the top level's.</summary>
    public DurationLaw SessionOf(RoomClass roomClass) =>
        roomClass.Session ?? SessionLaw ?? new FixedDuration(SessionSeconds);

    /// <summary>The gap before <paramref name="roomClass"/>'s users reconnect: its own over the top level's.</summary>
    public DurationLaw ReconnectOf(RoomClass roomClass) =>
        roomClass.Reconnect ?? Reconnect ?? new FixedDuration(0);

    /// <summary>
    /// Some churn key is set (a session law, a reconnect gap, a run length, a class's own session): sessions are
    /// planned one by one and connects and disconnects per second are reported.
    /// </summary>
    public bool HasChurn => SessionLaw is not null || Reconnect is not null || RunSeconds is not null
        || RoomClasses.Any(c => c.Session is not null || c.Reconnect is not null);

    /// <summary>The churn as a report shows it ("sessions exponential, mean 60 s; reconnect after ..."); null without.
    /// </summary>
    public string? ChurnText => !HasChurn ? null : string.Join("; ", ChurnParts());

    private IEnumerable<string> ChurnParts()
    {
        yield return "sessions " + (SessionLaw?.Text ?? new FixedDuration(SessionSeconds).Text);
        yield return "reconnect after " + (Reconnect ?? new FixedDuration(0)).Text;
        for (int k = 0; k < (Rooms?.Count ?? 0); k++)
        {
            if (Rooms![k].Session is { } session)
            {
                yield return $"class {k + 1} sessions {session.Text}";
            }
            if (Rooms[k].Reconnect is { } gap)
            {
                yield return $"class {k + 1} reconnect after {gap.Text}";
            }
        }
        yield return RunSeconds is { } run
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"until {run:0.###} s")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Sessions} per user");
    }

    /// <summary>
    /// The sessions a user makes on average in a run of <paramref name="runSeconds"/>, one per
    /// <paramref name="cycleSeconds"/> (a session and its gap): the count the bounds of `plan` and `capacity`, which
    /// know no run length, are given.
    /// </summary>
    public static int SessionsIn(double runSeconds, double cycleSeconds) =>
        (int)Math.Clamp(Math.Ceiling(runSeconds / cycleSeconds), 1, int.MaxValue / 2);

    /// <summary>More than one room: the single-room model's shortcuts do not hold.</summary>
    public bool SeveralRooms => RoomClasses.Sum(c => (long)c.Count) > 1;
}
