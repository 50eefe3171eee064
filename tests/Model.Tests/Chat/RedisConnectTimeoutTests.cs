using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// redis_connect_timeout: a per-connection handshake not done that long after its dial is refused, as the C# server
/// refuses a WebSocket whose own Redis connection timed out (upgraded, then closed with 1013). Its client sees the
/// session open, sends and receives nothing, is still owed copies while present and ends at its close call at once.
/// </summary>
public class RedisConnectTimeoutTests
{
    // 0.3 s of CPU a handshake on one core: 40 users dialling at once queue up to 12 s.
    private static readonly CostProfile s_slowConnect = TestScenarios.Python with
    {
        HandshakeCpuSeconds = 0.1,
        RedisConnectCpuSeconds = 0.2,
    };

    private static Scenario Churn(CostProfile profile, SubscriptionMode mode = SubscriptionMode.PerConnection)
    {
        Scenario s = TestScenarios.Room(40, interval: 1, sessions: 2, mode: mode, profile: profile, seed: 5);
        return s with { Workload = s.Workload with { Rooms = [new RoomClass(4, 10)] } };
    }

    private static RunMetrics Run(Scenario s) => new ChatSimulation(s, s.Seed).Run().Metrics;

    [Fact]
    public void A_timeout_longer_than_every_handshake_changes_nothing()
    {
        RunMetrics off = Run(Churn(s_slowConnect));
        RunMetrics never = Run(Churn(s_slowConnect with { RedisConnectTimeoutSeconds = 3600 }));
        Assert.True(off.WsConnecting!.Max > 5, $"the handshakes queue: max {off.WsConnecting!.Max}");
        Assert.Equal(off.WsMsgsSent, never.WsMsgsSent);
        Assert.Equal(off.WsMsgsReceived, never.WsMsgsReceived);
        Assert.Equal(off.Expected, never.Expected);
    }

    [Fact]
    public void Refused_sessions_send_nothing_receive_nothing_and_are_still_owed_copies()
    {
        RunMetrics off = Run(Churn(s_slowConnect));
        RunMetrics refused = Run(Churn(s_slowConnect with { RedisConnectTimeoutSeconds = 2 }));
        // The first handshakes, served within 2 s of the dial, open normally; the later ones are refused.
        Assert.InRange(refused.WsMsgsSent, 1, off.WsMsgsSent / 2);
        // Every session still opens to its client and ends, as many as without the timeout.
        Assert.Equal(off.WsSessions, refused.WsSessions);
        // A refused member present in its room is owed the copies sent there and receives none of them.
        Assert.True(refused.WsMsgsReceived < refused.Expected, $"{refused.WsMsgsReceived} of {refused.Expected}");
        Assert.True(refused.DeliveryRatio < off.DeliveryRatio - 0.2,
            $"ratio {refused.DeliveryRatio} against {off.DeliveryRatio}");
        // Its close fails at once: the server had closed it.
        Assert.Equal(0, refused.WsClosing!.Min, 9);
    }

    [Fact]
    public void Per_task_subscriptions_have_no_connection_of_their_own_to_time_out()
    {
        RunMetrics off = Run(Churn(s_slowConnect, SubscriptionMode.PerTask));
        RunMetrics with = Run(Churn(s_slowConnect with { RedisConnectTimeoutSeconds = 0.5 }, SubscriptionMode.PerTask));
        Assert.Equal(off.WsMsgsSent, with.WsMsgsSent);
        Assert.Equal(off.WsMsgsReceived, with.WsMsgsReceived);
    }
}
