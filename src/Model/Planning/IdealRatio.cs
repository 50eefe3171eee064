using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// The delivery ratio of a system that never queues: a message counts for a receiver only if it is
/// published after the receiver subscribed and written before the receiver's close call. Users start
/// uniformly over the ramp, so the offset between sender and receiver is triangular on (-ramp, ramp);
/// the probability of each (tick, session) pair is an exact difference of that distribution's CDF.
/// Even without a ramp, handshakes are served one after another, which spreads users over
/// N / tasks handshakes; that is the spread <see cref="Of(Scenario)"/> assumes.
/// </summary>
public static class IdealRatio
{
    /// <summary>
    /// The ratio expected with no queueing: users spread over the ramp or the handshake queue, whichever is wider.
    /// </summary>
    public static double Of(Scenario scenario) => Of(scenario, NaturalSpread(scenario));

    /// <summary>
    /// The best ratio any alignment of sessions, any queueing and any outcome of the close races allows, so a
    /// simulation never beats it. Queues make sessions drift apart, and drifted sessions hear the final tick that
    /// aligned ones miss, so another user's session can be open for every message; only the sender's own copies of
    /// ticks that cannot come back before its own close are lost for sure, and only in its last session: a copy held
    /// up in a queue past the close reaches the room again once the sender's next session has joined it, and counts
    /// there (a room of one on a crawling egress link heard 14 of its 18 late copies so). The racing tick never comes
    /// back to its sender's session, and a replication may send few of them, so the bound counts the ordinary ticks
    /// alone.
    /// </summary>
    public static double Ceiling(Scenario scenario)
    {
        Workload w = scenario.Workload;
        // With rooms the whole is a mean of the rooms' ratios weighted by what each expects, so it never beats the
        // largest room's, whose sender loses the smallest share of its own room's copies; with classes that send
        // differently, the best class's.
        if (!w.UniformTiming)
        {
            // A class whose users send nothing expects nothing: it leaves the whole to the others.
            return w.RoomClasses.Where(c => w.TimingOf(c).Sends != SendProcess.None)
                .Select(c => ClassCeiling(scenario, w.TimingOf(c), c.RoomSizes().Max())).DefaultIfEmpty(1).Max();
        }
        return ClassCeiling(scenario, w.Timing, w.SeveralRooms ? LargestRoom(w) : w.Users);
    }

    /// <summary>
    /// A class's ceiling: its ticks' own sure misses; a class of Poisson or jittered sends has none for sure (a
    /// replication may make no send in a session's last instants, or leave a late one unmade), so its ceiling is 1.
    /// </summary>
    private static double ClassCeiling(Scenario scenario, SendTiming timing, int users) =>
        timing.Sends == SendProcess.Ticks && timing.JitterSeconds == 0 ? Ceiling(scenario, timing, users) : 1;

    /// <summary>The ceiling of rooms of at most <paramref name="users"/> members whose users send as
    /// <paramref name="timing"/> says.</summary>
    private static double Ceiling(Scenario scenario, SendTiming timing, int users)
    {
        Workload w = scenario.Workload;
        CostProfile p = scenario.CostsOnMachine;
        (int ticks, bool races) = SendSchedule.Ticks(timing.IntervalSeconds, w.SessionSeconds);
        // Of a user's sessions, only the last one's late copies find no later session of their sender.
        double lastSession = 1.0 / Math.Max(1, w.Sessions);
        if (ticks == 0)
        {
            return races ? (users - lastSession) / users : 0;
        }
        // Tick k reaches the server k intervals and a client round trip after the open, and Redis adds its round
        // trip; the sender's own copy counts in its session only if written before its close call reaches the server.
        double selfMisses = 0;
        for (int k = 1; k <= ticks; k++)
        {
            if (p.ClientRttSeconds + k * timing.IntervalSeconds + p.RedisRttSeconds > w.SessionSeconds)
            {
                selfMisses++;
            }
        }
        return (users - lastSession * selfMisses / ticks) / users;
    }

    /// <summary>Members of the workload's largest room.</summary>
    public static int LargestRoom(Workload workload) => workload.RoomClasses.SelectMany(c => c.RoomSizes()).Max();

    public static double NaturalSpread(Scenario scenario)
    {
        CostProfile p = scenario.CostsOnMachine;
        double cores = Math.Min(scenario.Deployment.TaskVcpu, p.UsableCoresPerTask);
        double handshakes = Math.Ceiling(scenario.Workload.Users / (double)scenario.Deployment.Tasks);
        return Math.Max(scenario.DialRampSeconds, handshakes * p.HandshakeCpuFor(PerConnection(scenario)) / cores);
    }

    /// <param name="spread">users' session start offsets are uniform over [0, spread)</param>
    public static double Of(Scenario scenario, double spread)
    {
        Workload w = scenario.Workload;
        if (!w.UniformTiming)
        {
            return OfClasses(scenario, spread);
        }
        (double self, double others) = SelfAndOthers(scenario, w.Timing, spread);
        if (!w.SeveralRooms)
        {
            return (self + (w.Users - 1) * others) / w.Users;
        }
        // A room of n sends n messages for every one a member sends and expects n copies of each: weight n^2.
        double expected = 0, received = 0;
        foreach (int n in w.RoomClasses.SelectMany(c => c.RoomSizes()))
        {
            expected += (double)n * n;
            received += (double)n * (self + (n - 1) * others);
        }
        return received / expected;
    }

    /// <summary>
    /// Room classes that send differently: each room's ratio by its class's timing, weighted by what it expects (its
    /// members' sends a session, times n^2).
    /// </summary>
    private static double OfClasses(Scenario scenario, double spread)
    {
        Workload w = scenario.Workload;
        double expected = 0, received = 0;
        foreach (RoomClass c in w.RoomClasses)
        {
            SendTiming timing = w.TimingOf(c);
            (double self, double others) = SelfAndOthers(scenario, timing, spread);
            double sends = SendsPerSession(scenario, timing);
            foreach (int n in c.RoomSizes())
            {
                expected += sends * n * n;
                received += sends * n * (self + (n - 1) * others);
            }
        }
        return expected > 0 ? received / expected : 0;
    }

    /// <summary>
    /// Sends one session makes on average by the ticks of <paramref name="timing"/>'s interval (the racing one by its
    /// chance): what the bounds charge a user, Poisson sends too (whose mean is no lower).
    /// </summary>
    public static double SendsPerSession(Scenario scenario, SendTiming timing)
    {
        if (timing.Sends == SendProcess.None)
        {
            return 0;
        }
        (int ticks, bool races) = SendSchedule.Ticks(timing.IntervalSeconds, scenario.Workload.SessionSeconds);
        return ticks + (races ? scenario.CostsOnMachine.FinalTickWinsProbability : 0);
    }

    /// <summary>
    /// What the fluid bounds charge one of <paramref name="members"/> users a session: no more than a replication
    /// surely sends, since a replication that sends fewer messages than charged delivers a larger share of them
    /// through a saturated resource. Exact ticks: their count (the racing one by its chance). Jittered ticks: those
    /// made even at the largest delay (a later one falls after the close and is not made). Poisson: the low side of
    /// the count (four standard deviations over all the users' sessions, one replication in 30,000).
    /// </summary>
    public static double SendsChargedPerSession(Scenario scenario, SendTiming timing, double members)
    {
        Workload w = scenario.Workload;
        double ticks = SendsPerSession(scenario, timing);
        if (timing.Sends == SendProcess.None)
        {
            return 0;
        }
        if (timing.Sends == SendProcess.Poisson)
        {
            return Math.Min(ticks, PoissonCount(scenario, timing, members, -PoissonDeviations));
        }
        if (timing.JitterSeconds > 0)
        {
            (int before, _) = SendSchedule.Ticks(timing.IntervalSeconds, w.SessionSeconds);
            int sure = 0;
            while (sure < before && (sure + 1) * timing.IntervalSeconds + timing.JitterSeconds < w.SessionSeconds)
            {
                sure++;
            }
            return sure;
        }
        return ticks;
    }

    /// <summary>Deviations of a Poisson class's count the bounds allow for: one replication in 30,000.</summary>
    private const double PoissonDeviations = 4;

    /// <summary>
    /// The most one of <paramref name="members"/> users may send a session, beside the least
    /// (<see cref="SendsChargedPerSession"/>): where classes mix, one that sends more than charged raises the ratio
    /// when its deliveries are cheap, so the rooms bound tries both ends of every class whose count varies. Exact
    /// ticks do not vary (the racing one counts by its chance in both); jittered ticks may all be made, the racing
    /// one too; Poisson: the high side of the count.
    /// </summary>
    public static double SendsAtMostPerSession(Scenario scenario, SendTiming timing, double members)
    {
        if (timing.Sends == SendProcess.None)
        {
            return 0;
        }
        if (timing.Sends == SendProcess.Poisson)
        {
            return PoissonCount(scenario, timing, members, PoissonDeviations);
        }
        if (timing.JitterSeconds > 0)
        {
            (int ticks, bool races) = SendSchedule.Ticks(timing.IntervalSeconds, scenario.Workload.SessionSeconds);
            return ticks + (races ? 1 : 0);
        }
        return SendsPerSession(scenario, timing);
    }

    /// <summary>A Poisson class's count a session, <paramref name="deviations"/> standard deviations of the count over
    /// all its users' sessions from the mean.</summary>
    private static double PoissonCount(Scenario scenario, SendTiming timing, double members, double deviations)
    {
        Workload w = scenario.Workload;
        double sessions = members * w.Sessions;
        double mean = sessions * w.SessionSeconds / timing.IntervalSeconds;
        return Math.Max(0, mean + deviations * Math.Sqrt(mean)) / sessions;
    }

    /// <summary>The chance a sender's own message counts, and another member's, averaged over a session's ticks.
    /// </summary>
    private static (double Self, double Others) SelfAndOthers(Scenario scenario, SendTiming timing, double spread)
    {
        Workload w = scenario.Workload;
        CostProfile p = scenario.CostsOnMachine;
        double cores = Math.Min(scenario.Deployment.TaskVcpu, p.UsableCoresPerTask);
        double cycle = CycleSeconds(scenario);
        (int ticks, bool races) = SendSchedule.Ticks(timing.IntervalSeconds, w.SessionSeconds);
        double raceWeight = races ? p.FinalTickWinsProbability : 0;
        double inbound = p.InboundCpuFor(PerConnection(scenario)) / cores;
        double delivery = p.WriteCpuFor(PerConnection(scenario)) / cores;
        // Publish time minus the receiver's handshake-done time must fall in (0, window].
        double window = w.SessionSeconds - p.RedisRttSeconds - delivery;
        double weightSum = ticks + raceWeight;
        if (weightSum <= 0)
        {
            return (0, 0);
        }
        double self = 0, others = 0;
        for (int k = 1; k <= ticks + (races ? 1 : 0); k++)
        {
            double weight = k <= ticks ? 1 : raceWeight;
            double lead = p.ClientRttSeconds + k * timing.IntervalSeconds + inbound;
            self += weight * (lead > 0 && lead <= window ? 1 : 0);
            others += weight * OthersReceive(lead, window, cycle, w.Sessions, spread);
        }
        return (self / weightSum, others / weightSum);
    }

    /// <summary>Simulated seconds of a run when nothing stretches its sessions: the ramp, then every cycle.</summary>
    public static double RunSeconds(Scenario scenario) =>
        scenario.DialRampSeconds + scenario.Workload.Sessions * CycleSeconds(scenario);

    /// <summary>Handshake done to the next handshake done of one user, without queueing.</summary>
    public static double CycleSeconds(Scenario scenario)
    {
        CostProfile p = scenario.CostsOnMachine;
        double cores = Math.Min(scenario.Deployment.TaskVcpu, p.UsableCoresPerTask);
        bool perConnection = PerConnection(scenario);
        return scenario.Workload.SessionSeconds + 3 * p.ClientRttSeconds
            + (p.HandshakeCpuFor(perConnection) + p.CloseCpuFor(perConnection)) / cores;
    }

    /// <summary>
    /// Average over the sender's sessions of the chance that another user's open session counts the message.
    /// </summary>
    private static double OthersReceive(double lead, double window, double cycle, int sessions, double ramp)
    {
        double sum = 0;
        for (int j = 0; j < sessions; j++)
        {
            for (int jr = Math.Max(0, j - 1); jr <= Math.Min(sessions - 1, j + 1); jr++)
            {
                // y = D + (j - jr) * cycle + lead with D = sender offset - receiver offset; need 0 < y <= window.
                double shift = (j - jr) * cycle + lead;
                sum += OffsetProbability(-shift, window - shift, ramp);
            }
        }
        return sum / sessions;
    }

    /// <summary>
    /// P(lo &lt; D &lt;= hi) for D the difference of two uniforms on [0, ramp) (a point mass at 0 without ramp).
    /// </summary>
    private static double OffsetProbability(double lo, double hi, double ramp)
    {
        if (ramp <= 0)
        {
            return lo < 0 && 0 <= hi ? 1 : 0;
        }
        return TriangularCdf(hi, ramp) - TriangularCdf(lo, ramp);
    }

    private static double TriangularCdf(double x, double ramp)
    {
        if (x <= -ramp)
        {
            return 0;
        }
        if (x >= ramp)
        {
            return 1;
        }
        double t = x / ramp;
        return t <= 0 ? 0.5 * (1 + t) * (1 + t) : 1 - 0.5 * (1 - t) * (1 - t);
    }

    private static bool PerConnection(Scenario scenario) =>
        scenario.Deployment.Subscription == SubscriptionMode.PerConnection;
}
