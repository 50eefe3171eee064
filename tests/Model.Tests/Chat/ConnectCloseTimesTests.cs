using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// The model's ws_connecting (dial to open) and ws_closing (close call to the session's end): every session's handshake
/// path takes at least its round trips, a busy server adds its queue, and a close the client gives up on lasts its
/// close timeout.
/// </summary>
public class ConnectCloseTimesTests
{
    /// <summary>Users in rooms of 10 who never send, with exponential sessions and gaps (churn).</summary>
    private static Scenario Churn(CostProfile profile, int users = 200)
    {
        Scenario s = TestScenarios.Room(users, interval: 3600, sessions: 3, profile: profile, ramp: 5, seed: 11);
        return s with
        {
            Workload = s.Workload with
            {
                SessionSeconds = 10,
                SessionLaw = new ExponentialDuration(10),
                Reconnect = new ExponentialDuration(3),
                Rooms = [new RoomClass(users / 10, 10)],
            },
        };
    }

    private static RunMetrics Run(Scenario s) => new ChatSimulation(s, s.Seed).Run().Metrics;

    [Fact]
    public void An_idle_server_s_connect_is_its_round_trips_and_its_close_one_round_trip()
    {
        RunMetrics m = Run(Churn(TestScenarios.Instant));
        double rtt = TestScenarios.Instant.ClientRttSeconds;
        // TCP's round trip, the upgrade one way and its answer back: two round trips; the close frame and its answer.
        DurationSummary connecting = m.WsConnecting!;
        Assert.Equal(2 * rtt, connecting.Min, 9);
        Assert.Equal(2 * rtt, connecting.Max, 9);
        Assert.Equal(rtt, m.WsClosing!.Min, 9);
        Assert.Equal(rtt, m.WsClosing!.Max, 9);
        Assert.Null(m.WsConnectingFailed);
        Assert.NotNull(m.Churn);
    }

    [Fact]
    public void A_busy_server_s_handshakes_queue_beyond_the_round_trips()
    {
        // 50 ms of CPU a handshake (its Redis connection included) on one core, 200 users dialling within 5 s.
        CostProfile slow = TestScenarios.Python with { HandshakeCpuSeconds = 0.03, RedisConnectCpuSeconds = 0.02 };
        RunMetrics m = Run(Churn(slow));
        double rtt = slow.ClientRttSeconds;
        DurationSummary connecting = m.WsConnecting!;
        // Never below the path's minimum: the round trips and the handshake's CPU less its jitter.
        Assert.True(connecting.Min >= 2 * rtt + 0.05 * (1 - slow.CpuJitter) - 1e-9, $"min {connecting.Min}");
        Assert.True(connecting.P95 > connecting.Min + 0.05, $"p95 {connecting.P95}, min {connecting.Min}");
        Assert.True(connecting.Max < m.WsSessionDuration.Max);
    }

    [Fact]
    public void A_close_the_client_gives_up_on_lasts_its_close_timeout()
    {
        // A close costing 3 s of CPU on a server the client waits for 1 s at most.
        CostProfile stuck = TestScenarios.Instant with { CloseCpuSeconds = 3, ClientCloseTimeoutSeconds = 1 };
        RunMetrics m = Run(Churn(stuck, users: 20));
        Assert.Equal(1, m.WsClosing!.Min, 9);
        Assert.Equal(1, m.WsClosing!.Max, 9);
    }

    [Fact]
    public void Replications_average_the_times_and_runs_without_them_stay_without()
    {
        var a = new DurationSummary(1, 1, 1, 1, 1, 1);
        var b = new DurationSummary(3, 1, 2, 5, 4, 5);
        RunMetrics run = new(10, 100, 100, 1, 10, 1, 10, a, 1, 0, 0);
        RunMetrics mean = MetricsMean.Of([run with { WsConnecting = a, WsClosing = a },
            run with { WsConnecting = b, WsClosing = b }]);
        Assert.Equal(new DurationSummary(2, 1, 1.5, 3, 2.5, 3), mean.WsConnecting);
        Assert.Equal(mean.WsConnecting, mean.WsClosing);
        Assert.Null(MetricsMean.Of([run, run]).WsConnecting);
    }
}
