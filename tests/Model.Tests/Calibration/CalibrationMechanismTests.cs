using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>The two mechanisms added for calibration: off by default, and doing what they say when on.</summary>
public class CalibrationMechanismTests
{
    private static ChatOutcome Run(CostProfile profile, int users = 60, double vcpu = 1, int sessions = 2) =>
        new ChatSimulation(TestScenarios.Room(users, profile: profile, vcpu: vcpu, sessions: sessions), 3).Run();

    [Fact]
    public void Zero_forward_turn_cost_and_close_timeout_change_nothing()
    {
        ChatOutcome a = Run(TestScenarios.Python);
        ChatOutcome b = Run(TestScenarios.Python with { ForwardTurnCpuSeconds = 0, ClientCloseTimeoutSeconds = 0 });
        Assert.Equal(a.Metrics, b.Metrics);
    }

    [Fact]
    public void A_forward_turn_cost_makes_forwarding_dearer_so_an_overloaded_task_delivers_less()
    {
        ChatOutcome plain = Run(TestScenarios.Python, users: 100);
        ChatOutcome dearer = Run(TestScenarios.Python with { ForwardTurnCpuSeconds = 0.0005 }, users: 100);
        Assert.True(dearer.Metrics.WsMsgsReceived < plain.Metrics.WsMsgsReceived,
            $"{dearer.Metrics.WsMsgsReceived} should be below {plain.Metrics.WsMsgsReceived}");
    }

    [Fact]
    public void The_client_gives_up_on_slow_closes_after_its_timeout()
    {
        // Closes that each take 3 s of a quarter core queue up far longer than the 1 s timeout.
        CostProfile slow = TestScenarios.Python with { CloseCpuSeconds = 0.75 };
        // One session each, so no handshake queues behind the closes
        // and the session length is open time plus close wait.
        ChatOutcome waiting = Run(slow, users: 20, vcpu: 0.25, sessions: 1);
        ChatOutcome aborting = Run(slow with { ClientCloseTimeoutSeconds = 1 }, users: 20, vcpu: 0.25, sessions: 1);
        Assert.True(waiting.Metrics.WsSessionDuration.Max > 10 + 3,
            $"max session {waiting.Metrics.WsSessionDuration.Max}");
        // Dial + handshake + 10 s open + at most 1 s waiting for the close.
        Assert.True(aborting.Metrics.WsSessionDuration.Max < waiting.Metrics.WsSessionDuration.Max);
        Assert.True(aborting.Metrics.WsSessionDuration.Max <= 10 + 1 + 1.0,
            $"max session {aborting.Metrics.WsSessionDuration.Max}");
        Assert.Equal(20, aborting.Metrics.WsSessions);
        // The run ends with the last session, not when the server finally finishes the abandoned closes.
        Assert.True(aborting.Metrics.DurationSeconds < waiting.Metrics.DurationSeconds);
    }
}
