using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Session lifetimes drawn from a law and reconnect gaps: sessions last what the law says on average, users reconnect
/// at users / (mean session + mean gap) a second in steady state, a member away between sessions is not owed the
/// messages sent meanwhile, and a workload without churn keys runs as it always did.
/// </summary>
public class SessionChurnTests
{
    /// <summary>Users who never send (one tick a long hour): only sessions, handshakes and closes happen.</summary>
    private static Scenario Quiet(int users, DurationLaw session, DurationLaw? gap = null, double? run = null,
        int sessions = 2)
    {
        Scenario s = TestScenarios.Room(users, interval: 3600, sessions: sessions, profile: TestScenarios.Instant,
            ramp: 5, seed: 7);
        return s with
        {
            Workload = s.Workload with
            {
                SessionSeconds = session.MeanSeconds,
                SessionLaw = session,
                Reconnect = gap,
                RunSeconds = run,
                Rooms = [new RoomClass(users / 10, 10)],
            },
        };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    [Theory]
    [InlineData("exponential")]
    [InlineData("lognormal")]
    [InlineData("uniform")]
    public void Sessions_last_the_law_s_mean_within_sampling_error(string law)
    {
        DurationLaw drawn = law switch
        {
            "exponential" => new ExponentialDuration(20),
            "lognormal" => LogNormalDuration.OfMean(20, 15),
            _ => new UniformDuration(5, 35),
        };
        double deviation = law switch { "exponential" => 20, "lognormal" => 15, _ => 30 / Math.Sqrt(12) };
        // A session as k6 times it adds the handshake and the close to its lifetime: what a fixed one adds.
        double overhead = Run(Quiet(2000, new FixedDuration(20))).Metrics.WsSessionDuration.Avg - 20;
        RunMetrics m = Run(Quiet(2000, drawn)).Metrics;
        Assert.Equal(4000, m.WsSessions);
        // Four standard errors: a correct model fails once in 15,000 seeds (the seed is fixed besides).
        double error = 4 * deviation / Math.Sqrt(4000);
        Assert.InRange(m.WsSessionDuration.Avg, 20 + overhead - error, 20 + overhead + error);
        Assert.InRange(overhead, 0, 0.5);
    }

    [Fact]
    public void Users_reconnect_at_users_over_a_session_and_a_gap_in_steady_state()
    {
        // 500 users, sessions of 20 s and gaps of 10 s on average, for 2,000 s: 16.7 reconnects a second, less a
        // first connect per user that is no reconnect (1.5 %); the count's own spread is 0.4 %.
        Scenario s = Quiet(500, new ExponentialDuration(20), new ExponentialDuration(10), run: 2000);
        ChurnMetrics churn = Run(s).Metrics.Churn!;
        double steady = 500 / 30.0;
        Assert.InRange(churn.ConnectsPerSecond, steady * 0.96, steady * 1.01);
        Assert.InRange(churn.DisconnectsPerSecond, steady * 0.96, steady * 1.01);
        // Poisson-like arrivals of 17 a second: the busiest second holds a few dozen, not a wave of all users.
        Assert.InRange(churn.PeakConnectsPerSecond, steady, 60);
    }

    [Fact]
    public void Fixed_sessions_back_to_back_reconnect_in_waves()
    {
        // Every user's sessions last 20 s and the ramp is 5 s: the 500 users reconnect within the same 5 s.
        Scenario s = Quiet(500, new FixedDuration(20), new FixedDuration(0), sessions: 4);
        ChurnMetrics churn = Run(s).Metrics.Churn!;
        Assert.Equal(1500, churn.Connects);
        Assert.InRange(churn.PeakConnectsPerSecond, 500 / 5.0 * 0.7, 500);
    }

    [Fact]
    public void With_a_run_length_every_session_closes_by_its_end()
    {
        Scenario s = Quiet(200, new ExponentialDuration(50), new ExponentialDuration(10), run: 300);
        RunMetrics m = Run(s).Metrics;
        // The last closes reach the server a round trip or two after the run's end.
        Assert.InRange(m.DurationSeconds, 300, 301);
        Assert.InRange(m.WsSessionDuration.Max, 0, 301);
    }

    [Fact]
    public void A_member_away_between_sessions_is_not_owed_what_was_sent_meanwhile()
    {
        // Sessions and gaps of 10 s on average: members are away about half the time, each at their own times. A fast
        // server delivers nearly everything to those present; owing the absent their copies would halve the ratio.
        Scenario s = TestScenarios.Room(1, profile: TestScenarios.Instant, ramp: 1, sessions: 3);
        s = s with
        {
            Workload = s.Workload with
            {
                Users = 200,
                Rooms = [new RoomClass(20, 10)],
                SessionLaw = new ExponentialDuration(10),
                Reconnect = new ExponentialDuration(10),
            },
        };
        RunMetrics m = Run(s).Metrics;
        Assert.InRange(m.DeliveryRatio, 0.9, 1);
        Assert.InRange(m.Expected, 0, m.WsMsgsSent * 10 * 0.75);
    }

    [Fact]
    public void A_per_task_server_resubscribes_to_a_room_its_members_come_back_to()
    {
        // Rooms of 5 on two tasks, members away 10 s between sessions of 10 s: a task's last member of a room leaves
        // (the task unsubscribes) and comes back (it subscribes again). Copies must reach the returning members as
        // they reach a per-connection server's.
        RunMetrics PerMode(SubscriptionMode mode)
        {
            Scenario s = TestScenarios.Room(1, tasks: 2, mode: mode, profile: TestScenarios.Instant, ramp: 1,
                sessions: 3);
            s = s with
            {
                Workload = s.Workload with
                {
                    Users = 100,
                    Rooms = [new RoomClass(20, 5)],
                    Reconnect = new ExponentialDuration(10),
                },
            };
            return Run(s).Metrics;
        }
        RunMetrics perTask = PerMode(SubscriptionMode.PerTask);
        RunMetrics perConnection = PerMode(SubscriptionMode.PerConnection);
        Assert.InRange(perTask.DeliveryRatio, perConnection.DeliveryRatio - 0.02, perConnection.DeliveryRatio + 0.02);
        Assert.InRange(perTask.DeliveryRatio, 0.9, 1);
    }

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void A_gap_of_zero_runs_one_room_as_without_the_key_owing_only_members_in_a_session(SubscriptionMode mode)
    {
        Scenario plain = TestScenarios.Room(40, tasks: 2, mode: mode, vcpu: 0.2, ramp: 1);
        Scenario keyed = plain with { Workload = plain.Workload with { Reconnect = new FixedDuration(0) } };
        ChatOutcome without = Run(plain);
        ChatOutcome with = Run(keyed);
        // The same run event for event; what differs is what is owed: k6's sent x N, or (with churn) the members in a
        // session when the message is sent: not those still to dial in the ramp's first second, nor those done.
        Assert.Null(without.Metrics.Churn);
        Assert.Equal(without.Metrics with { Expected = 0, DeliveryRatio = 0 },
            with.Metrics with { Churn = null, Expected = 0, DeliveryRatio = 0 });
        Assert.Equal(without.Resources, with.Resources);
        Assert.Equal(without.Latency, with.Latency);
        Assert.InRange(with.Metrics.Expected, without.Metrics.Expected * 0.97, without.Metrics.Expected - 1);
        Assert.Equal(40, with.Metrics.Churn!.Connects);
    }
}
