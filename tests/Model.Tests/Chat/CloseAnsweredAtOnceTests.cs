using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// close_answered_at_once: the WebSocket library answers the client's close frame itself; the messages the handler
/// had still to process are published after the client has gone.
/// </summary>
public class CloseAnsweredAtOnceTests
{
    private static readonly CostProfile s_slow = TestScenarios.Python with { InboundCpuSeconds = 0.004 };

    private static ChatOutcome Run(CostProfile profile, double vcpu) =>
        new ChatSimulation(TestScenarios.Room(100, profile: profile, vcpu: vcpu, ramp: 1), 7).Run();

    [Fact]
    public void Sessions_of_a_task_behind_on_its_inbound_end_on_time()
    {
        ChatOutcome waiting = Run(s_slow, 0.25);
        ChatOutcome answered = Run(s_slow with { CloseAnsweredAtOnce = true }, 0.25);
        Assert.True(answered.Metrics.WsSessionDuration.Avg < waiting.Metrics.WsSessionDuration.Avg - 5,
            $"answered at once {answered.Metrics.WsSessionDuration.Avg:F2} s, " +
            $"behind the inbound {waiting.Metrics.WsSessionDuration.Avg:F2} s");
        Assert.True(answered.Metrics.WsSessionDuration.Avg < 15);
        Assert.Equal(waiting.Metrics.WsMsgsSent, answered.Metrics.WsMsgsSent, 0.05 * waiting.Metrics.WsMsgsSent);
    }

    [Fact]
    public void A_task_that_keeps_up_is_not_changed_by_it()
    {
        ChatOutcome waiting = Run(TestScenarios.Python, 1);
        ChatOutcome answered = Run(TestScenarios.Python with { CloseAnsweredAtOnce = true }, 1);
        Assert.InRange(answered.Metrics.DeliveryRatio, waiting.Metrics.DeliveryRatio - 0.01,
            waiting.Metrics.DeliveryRatio + 0.01);
    }
}
