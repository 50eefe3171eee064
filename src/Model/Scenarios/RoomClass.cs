namespace FanoutSim.Model.Scenarios;

/// <summary>
/// A class of rooms in a chat service: <paramref name="Count"/> rooms of <paramref name="Size"/> members each, or, with
/// a <see cref="Distribution"/>, of sizes spread as it says.
/// </summary>
/// <param name="Size">members of each room; with a distribution, unused (0)</param>
public sealed record RoomClass(int Count, int Size)
{
    /// <summary>How the rooms' sizes are spread; null = every room has <see cref="Size"/> members.</summary>
    public RoomSizeDistribution? Distribution { get; init; }

    /// <summary>How the class's users send where it differs from the workload's; null = as the workload says.
    /// Resolved by <see cref="Workload.TimingOf"/>.</summary>
    public SendOverride? Sending { get; init; }

    /// <summary>The class's message size; null = the size the profile's per-copy bytes were measured at.</summary>
    public MessageSize? MessageSize { get; init; }

    /// <summary>The message size a task's CPU is charged at for this class: its law's mean, or the profile's size
    /// when it sets none (a forwarder's batch is not told apart by size).</summary>
    public double MeanMessageBytes(CostProfile profile) => MessageSize?.MeanBytes ?? profile.MessageBytes;

    /// <summary>Where the members come from: users of its own (the default), or the users the classes before it
    /// placed, so those users are in several rooms (see <see cref="Chat.RoomLayout"/>).</summary>
    public RoomMembership Membership { get; init; }

    /// <summary>The class's rooms hold users placed by the classes before it.</summary>
    public bool SharesMembers => Membership == RoomMembership.Shared;

    /// <summary>Users the class adds to the workload: its members, or none when it shares them.</summary>
    public long Users => SharesMembers ? 0 : Members;

    /// <summary>Users <paramref name="classes"/> place: the members of the classes with members of their own.</summary>
    public static long UsersOf(IEnumerable<RoomClass> classes) => classes.Sum(c => c.Users);

    /// <summary>How long the class's sessions last; null = as the workload says (<see cref="Workload.SessionOf"/>).
    /// </summary>
    public DurationLaw? Session { get; init; }

    /// <summary>The gap before the class's users reconnect; null = as the workload says.</summary>
    public DurationLaw? Reconnect { get; init; }

    /// <summary>Each room's members, in order.</summary>
    public int[] RoomSizes() => Distribution?.Sizes(Count) ?? Enumerable.Repeat(Size, Count).ToArray();

    public long Members => Distribution is null ? (long)Count * Size : RoomSizes().Sum(s => (long)s);

    /// <summary>The sizes as a scenario writes them: a number, or the distribution.</summary>
    public string SizeText => Distribution?.Text ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
