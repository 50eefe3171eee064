using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Which sessions each user makes, numbered as connections, and how long each lasts and waits before the next.
/// Without churn every user makes the workload's sessions of one length back to back (connection = user x sessions +
/// session, nothing drawn). With churn each session's length and the gap after it are drawn before the run, user by
/// user, from their own streams ("session-length", "reconnect-gap"), so no other component's draws move; with a run
/// length a user plans sessions until the run's end, so the connections are known before the first event.
/// </summary>
public sealed class SessionPlan
{
    private readonly int _sessionsPerUser;
    private readonly double _fixedSeconds;
    private readonly double _endsAt;

    // With churn: each user's first connection (users + 1 entries), each connection's user, length (as drawn, then as
    // cut at the run's end once it opened) and drawn gap after it.
    private readonly int[]? _firstOfUser;
    private readonly int[]? _userOf;
    private readonly double[]? _length;
    private readonly double[]? _gapAfter;

    /// <summary>The plan of a workload whose users first dial over its own ramp (the load generator's).</summary>
    public SessionPlan(Workload workload, RoomLayout rooms, RandomStreams streams)
        : this(workload, workload.RampSeconds, rooms, streams)
    {
    }

    /// <param name="dialRampSeconds">over how long users first dial (<see cref="Scenario.DialRampSeconds"/>)</param>
    public SessionPlan(Workload workload, double dialRampSeconds, RoomLayout rooms, RandomStreams streams)
    {
        _sessionsPerUser = workload.Sessions;
        _fixedSeconds = workload.SessionSeconds;
        _endsAt = workload.RunSeconds ?? double.PositiveInfinity;
        if (!workload.HasChurn)
        {
            Connections = workload.Users * workload.Sessions;
            LongestSeconds = workload.SessionSeconds;
            PlannedSeconds = dialRampSeconds + workload.Sessions * workload.SessionSeconds;
            return;
        }
        DurationLaw[] sessionOf = [.. workload.RoomClasses.Select(workload.SessionOf)];
        DurationLaw[] gapOf = [.. workload.RoomClasses.Select(workload.ReconnectOf)];
        RandomStream ramp = streams.For("ramp");
        RandomStream lengths = streams.For("session-length");
        RandomStream gaps = streams.For("reconnect-gap");
        _firstOfUser = new int[workload.Users + 1];
        var length = new List<double>(workload.Users * workload.Sessions);
        var gapAfter = new List<double>(workload.Users * workload.Sessions);
        var userOf = new List<int>(workload.Users * workload.Sessions);
        for (int user = 0; user < workload.Users; user++)
        {
            _firstOfUser[user] = length.Count;
            int k = rooms.ClassOf(rooms.RoomOf(user));
            // The ramp's own draw, as the simulation makes it: a plan that ends at the run's end starts there too.
            double t = Start(ramp, dialRampSeconds);
            for (int session = 0; workload.RunSeconds is not null || session < workload.Sessions; session++)
            {
                double seconds = sessionOf[k].Draw(lengths);
                length.Add(seconds);
                userOf.Add(user);
                LongestSeconds = Math.Max(LongestSeconds, Math.Min(seconds, _endsAt));
                t += seconds;
                bool last = workload.RunSeconds is null ? session == workload.Sessions - 1 : t >= _endsAt;
                double gap = last ? 0 : gapOf[k].Draw(gaps);
                gapAfter.Add(gap);
                t += gap;
                if (last || t >= _endsAt)
                {
                    break;
                }
                if (length.Count == int.MaxValue / 2)
                {
                    throw new ScenarioException("duration", "the run plans more than 2^30 sessions; shorten it");
                }
            }
            PlannedSeconds = Math.Max(PlannedSeconds, Math.Min(t, _endsAt));
        }
        Connections = length.Count;
        _firstOfUser[workload.Users] = Connections;
        _length = [.. length];
        _gapAfter = [.. gapAfter];
        _userOf = [.. userOf];
    }

    /// <summary>Every session of the run (planned: with a run length, a user may make fewer).</summary>
    public int Connections { get; }

    /// <summary>Sessions draw their own lengths or gaps (churn): send ticks count from each one's own open.</summary>
    public bool Drawn => _length is not null;

    /// <summary>The longest session planned (what one session's sends are sized for).</summary>
    public double LongestSeconds { get; }

    /// <summary>When the last user's sessions and gaps end as drawn, before any handshake or close time.</summary>
    public double PlannedSeconds { get; }

    /// <summary>The most sessions one user plans: each may add a minute of handshakes and closes under load.</summary>
    public int MostSessionsOfAUser => _firstOfUser is null ? _sessionsPerUser
        : Enumerable.Range(0, _firstOfUser.Length - 1).Max(SessionsOf);

    /// <summary>When a user first dials (a draw of <paramref name="ramp"/> when there is a ramp).
    /// </summary>
    public static double Start(RandomStream ramp, double rampSeconds) =>
        rampSeconds > 0 ? ramp.Uniform(0, rampSeconds) : 0;

    public int ConnectionOf(int user, int session) =>
        _firstOfUser is null ? user * _sessionsPerUser + session : _firstOfUser[user] + session;

    /// <summary>The user's first session's connection.</summary>
    public int FirstOf(int user) => ConnectionOf(user, 0);

    /// <summary>Sessions the user plans (with a run length, it may make fewer).</summary>
    public int SessionsOf(int user) =>
        _firstOfUser is null ? _sessionsPerUser : _firstOfUser[user + 1] - _firstOfUser[user];

    public int UserOf(int connection) => _userOf?[connection] ?? connection / _sessionsPerUser;

    /// <summary>The session just opened at <paramref name="openAt"/>: when its client calls close (with a run
    /// length, at the run's end at the latest).</summary>
    public double CloseCallAt(int connection, double openAt)
    {
        if (_length is null)
        {
            return openAt + _fixedSeconds;
        }
        double close = openAt + _length[connection];
        if (close > _endsAt)
        {
            close = Math.Max(openAt, _endsAt);
            _length[connection] = close - openAt;
        }
        return close;
    }

    /// <summary>The session's length from open to close call (once it opened: cut at the run's end); its open is the
    /// close call less this, as a fixed session's is.</summary>
    public double LengthOf(int connection) => _length?[connection] ?? _fixedSeconds;

    /// <summary>The gap the user waits after <paramref name="connection"/> ends before dialling again.</summary>
    public double GapAfter(int connection) => _gapAfter?[connection] ?? 0;

    /// <summary>
    /// The session after <paramref name="connection"/>, which ended at <paramref name="endedAt"/>: its connection and
    /// when it dials, or false when the user is done (its sessions made, or the run's end reached).
    /// </summary>
    public bool Next(int connection, double endedAt, out int next, out double dialAt)
    {
        next = connection + 1;
        dialAt = endedAt + GapAfter(connection);
        bool planned = _firstOfUser is null
            ? next % _sessionsPerUser != 0
            : next < _firstOfUser[_userOf![connection] + 1];
        return planned && dialAt < _endsAt;
    }

    /// <summary>Planned sessions of <paramref name="connection"/>'s user after it (those a done user never makes).
    /// </summary>
    public int PlannedAfter(int connection) =>
        _firstOfUser is null
            ? _sessionsPerUser - 1 - connection % _sessionsPerUser
            : _firstOfUser[_userOf![connection] + 1] - connection - 1;
}
