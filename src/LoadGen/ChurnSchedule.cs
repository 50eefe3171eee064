using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.LoadGen;

/// <summary>
/// A real run's churn, as the simulator plans it: each user's first dial, session lengths and reconnect gaps come from
/// the model's <see cref="SessionPlan"/> on the run's seed (streams "ramp", "session-length", "reconnect-gap"), so the
/// run and its prediction draw the same ones; and who is present in each room (dialled and not yet ended), which a
/// message is owed to, as the simulator counts it.
/// </summary>
internal sealed class ChurnSchedule
{
    private readonly TimeSpan[] _firstDial;
    private readonly int[] _present;

    public ChurnSchedule(Workload workload, RoomLayout rooms, ulong seed)
    {
        Rooms = rooms;
        Sessions = new SessionPlan(workload, rooms, new RandomStreams(seed));
        // The simulation's own ramp draws, user by user, on a stream of its own (the plan's are not shared).
        RandomStream ramp = new RandomStreams(seed).For("ramp");
        _firstDial = new TimeSpan[workload.Users];
        for (int user = 0; user < _firstDial.Length; user++)
        {
            _firstDial[user] = TimeSpan.FromSeconds(SessionPlan.Start(ramp, workload.RampSeconds));
        }
        EndsAt = workload.RunSeconds is { } run ? TimeSpan.FromSeconds(run) : TimeSpan.MaxValue;
        _present = new int[rooms.Count];
    }

    public RoomLayout Rooms { get; }

    /// <summary>Every user's sessions: connection numbers, lengths and the gaps after them.</summary>
    public SessionPlan Sessions { get; }

    /// <summary>When the run ends (every open session closed): the run length, or never.</summary>
    public TimeSpan EndsAt { get; }

    /// <summary>When <paramref name="user"/> first dials, from the run's start.</summary>
    public TimeSpan FirstDial(int user) => _firstDial[user];

    /// <summary>The session's length from open to close call, cut at the run's end (as the model cuts it).</summary>
    public TimeSpan LengthOf(int connection, TimeSpan openedAt)
    {
        var drawn = TimeSpan.FromSeconds(Sessions.LengthOf(connection));
        return EndsAt == TimeSpan.MaxValue || openedAt + drawn <= EndsAt ? drawn
            : EndsAt > openedAt ? EndsAt - openedAt : TimeSpan.Zero;
    }

    /// <summary>A member of <paramref name="room"/> dials: present until its session has ended.</summary>
    public void Dialled(int room) => Interlocked.Increment(ref _present[room]);

    /// <summary>A member's session ended (closed, aborted, or its dial failed).</summary>
    public void Ended(int room) => Interlocked.Decrement(ref _present[room]);

    /// <summary>Members of <paramref name="room"/> in a session now: the copies a message sent now is owed.</summary>
    public int PresentIn(int room) => Volatile.Read(ref _present[room]);
}
