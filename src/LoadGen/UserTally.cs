namespace FanoutSim.LoadGen;

/// <summary>
/// One virtual user's counters. Only that user's tasks write them (one session at a time), so plain
/// fields suffice and the hot receive path never contends on a shared counter. A user in several rooms counts its
/// first room's sends and receipts here and each further room's in <see cref="Further"/>.
/// </summary>
internal sealed class UserTally
{
    /// <param name="rooms">the user's rooms (1 unless a class shares its members)</param>
    public UserTally(int rooms = 1)
    {
        Further = [.. Enumerable.Range(1, rooms - 1).Select(_ => new RoomCounts())];
    }

    /// <summary>The counts of the user's rooms past its first, in the order of its rooms.</summary>
    public RoomCounts[] Further { get; }

    /// <summary>Sends in every room of the user.</summary>
    public long SentInAll => Sent + Further.Sum(f => f.Sent);

    /// <summary>Messages counted in every room of the user.</summary>
    public long ReceivedInAll => Received + Further.Sum(f => f.Received);

    /// <summary>With churn, the copies owed to the user's sends in every room.</summary>
    public long OwedInAll => ExpectedPresent + Further.Sum(f => f.Owed);

    /// <summary>Every latency the user measured, in every room.</summary>
    public IEnumerable<float> AllLatencies => Latencies.Concat(Further.SelectMany(f => f.Latencies));

    public long Sent;
    public long Received;

    /// <summary>With churn, the copies this user's sends were owed: members of its room present at each send.
    /// </summary>
    public long ExpectedPresent;

    /// <summary>Messages that came from a room other than this user's, or from a user not in the room they name;
    /// never counted as received.</summary>
    public long Foreign;
    public long Sessions;
    public long ConnectFailures;
    public long SessionsCutShort;
    public long ClosesAbandoned;
    public readonly List<double> SessionSeconds = new(8);

    /// <summary>Each opened session's dial to open (k6's ws_connecting), one double a session.</summary>
    public readonly List<double> ConnectSeconds = new(8);

    /// <summary>Each failed or timed-out dial's start to its failure.</summary>
    public readonly List<double> FailedConnectSeconds = new();

    /// <summary>Each close's call to closed, or to the close timeout where it was abandoned (a session cut by the
    /// run's end has none).</summary>
    public readonly List<double> CloseSeconds = new(8);

    /// <summary>With churn, when (seconds from the run's start) the user dialled again after a session, and when the
    /// sessions before those dials ended.</summary>
    public readonly List<double> Reconnects = new();
    public readonly List<double> Disconnects = new();

    /// <summary>Send-to-receipt seconds of every message this user counted.</summary>
    public readonly List<float> Latencies = new();
}
