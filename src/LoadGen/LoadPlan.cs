using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>A validated load test: what to drive, how hard, and for how long at most.</summary>
public sealed record LoadPlan(
    IReadOnlyList<Uri> Urls,
    int Users,
    TimeSpan Interval,
    TimeSpan Session,
    int Sessions,
    TimeSpan Ramp,
    TimeSpan MaxDuration,
    ulong Seed)
{
    /// <summary>How long a close may take before the socket is aborted; k6 does not wait forever either.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a dial may take before it counts as a connect failure.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause after a failed dial so a refusing server is not hammered in a tight loop.</summary>
    public TimeSpan FailureBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Least time between two socket reads of one connection; zero reads eagerly (see PacedReadStream).
    /// </summary>
    public TimeSpan ReadPace { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The rooms, class by class (users placed as the model places them, room i named by RoomNames after the urls'
    /// last segment), each sending as its own keys say over the plan's timing; null = every user in the one room the
    /// urls name.
    /// </summary>
    public IReadOnlyList<RunRoomClass>? Rooms { get; init; }

    /// <summary>How users send where their class does not say: k6's ticks (the default) or Poisson.</summary>
    public SendProcess Sends { get; init; } = SendProcess.Ticks;

    /// <summary>With ticks, each send up to this much after its tick (uniform); zero = k6's exact ticks.</summary>
    public TimeSpan SendJitter { get; init; } = TimeSpan.Zero;

    /// <summary>The law each session draws its length from (a scenario's `session` law); null = every one
    /// <see cref="Session"/> long.</summary>
    public DurationLaw? SessionLaw { get; init; }

    /// <summary>The gap before a user's next dial (a scenario's `reconnect`); null = back to back.</summary>
    public DurationLaw? Reconnect { get; init; }

    /// <summary>Users reconnect until this long after the start, when every open session is closed (a scenario's
    /// `duration`); null = each makes <see cref="Sessions"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The plan as the model's workload: how each class sends and how long its sessions and gaps last are
    /// resolved as a scenario's are (<see cref="Workload.TimingOf"/>, <see cref="Workload.SessionOf"/>).</summary>
    public Workload Workload => new(Users, Interval.TotalSeconds, Session.TotalSeconds, Sessions, Ramp.TotalSeconds,
        SendJitter.TotalSeconds, Sends, Rooms is null ? null : RunSetups.RoomClasses(Rooms))
    {
        SessionLaw = SessionLaw,
        Reconnect = Reconnect,
        RunSeconds = Duration?.TotalSeconds,
    };

    /// <summary>How new connections are spread over the urls (round-robin or room-affine).</summary>
    public LoadBalancing Balancer { get; init; } = LoadBalancing.RoundRobin;

    /// <summary>The default hard stop without a run length: every session plus 5 s of slack each, plus 30 s and the
    /// ramp (with one, <see cref="DefaultMaxDuration(TimeSpan, TimeSpan)"/>).</summary>
    public static TimeSpan DefaultMaxDuration(int sessions, TimeSpan session, TimeSpan ramp) =>
        TimeSpan.FromSeconds(sessions * (session.TotalSeconds + 5) + 30) + ramp;

    /// <summary>The default hard stop with a run length: the run, the ramp, and a minute for the last closes.</summary>
    public static TimeSpan DefaultMaxDuration(TimeSpan duration, TimeSpan ramp) =>
        duration + ramp + TimeSpan.FromSeconds(60);
}
