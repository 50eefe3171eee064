using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A run counts the messages its tasks had received and not yet taken when it ended: the backlog a saturated loop
/// leaves behind its clients, set beside the replica's messages taken after the load's end (its timeline).
/// </summary>
public class InboundPendingAtEndTests
{
    private static readonly CostProfile s_replica = TestScenarios.PythonLoop with
    {
        // The library answers a close at once; the handler takes the messages still queued afterwards, and the run
        // ends with its last session, as k6's test does (its clients give up on a close after 5 s).
        CloseAnsweredAtOnce = true,
        ClientCloseTimeoutSeconds = 5,
    };

    private static ChatOutcome Run(int users, double vcpu) =>
        new ChatSimulation(TestScenarios.Room(users, profile: s_replica, vcpu: vcpu, ramp: 1), 5).Run();

    [Fact]
    public void A_task_with_cpu_to_spare_takes_every_message_before_the_run_ends()
    {
        Assert.Equal(0, Run(users: 10, vcpu: 1).InboundPendingAtEnd);
    }

    [Fact]
    public void A_saturated_task_leaves_messages_behind_but_never_more_than_were_sent()
    {
        ChatOutcome outcome = Run(users: 100, vcpu: 0.25);

        Assert.InRange(outcome.InboundPendingAtEnd, 1, outcome.Metrics.WsMsgsSent);
    }
}
