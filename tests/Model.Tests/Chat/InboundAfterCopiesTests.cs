using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A task counts the inbound messages it took after forwarding copies since its message before: how often its loop
/// turned back to the inbound path, set beside the replica's timeline (calibration/python-timeline.py).
/// </summary>
public class InboundAfterCopiesTests
{
    // The replica's costs as local-python prices them: a message dear beside its fifty copies, a writer's turn
    // taking every copy that has arrived, a PUBLISH holding its receive loop three rounds,
    // the quota a CFS period at a time, and
    // clients on the same machine whose connects open together (a k6 user's ticks start when its connect opens: one
    // dear handshake step a connect would stagger the aligned ticks).
    private static readonly CostProfile s_replica = TestScenarios.Python with
    {
        InboundCpuSeconds = 0.00277,
        DeliveryCpuSeconds = 11.5e-6,
        SubscriberReadCpuSeconds = 15e-6,
        ForwardTurnCpuSeconds = 118e-6,
        ForwardBatch = 300,
        PublishWaitRounds = 3,
        IdlePollCpuPerConnection = 0,
        CfsPeriodSeconds = 0.1,
        ThrottledBurstCores = 1,
        ClientRttSeconds = 0.0005,
        HandshakeCpuSeconds = 0.0008,
        HandshakeSteps = 7,
    };

    private static ChatOutcome Run(double ramp) =>
        new ChatSimulation(TestScenarios.Room(50, mode: SubscriptionMode.PerConnection, profile: s_replica,
            vcpu: 0.25, ramp: ramp), 7).Run();

    [Fact]
    public void A_turn_back_to_the_inbound_path_is_an_inbound_message_so_there_are_never_more_than_were_sent()
    {
        ChatOutcome outcome = Run(ramp: 1);
        Assert.True(outcome.InboundAfterCopies > 0);
        Assert.True(outcome.InboundAfterCopies <= outcome.Metrics.WsMsgsSent,
            $"{outcome.InboundAfterCopies} turns, {outcome.Metrics.WsMsgsSent} sent");
    }

    [Fact]
    public void Spread_sends_on_a_busy_task_mix_the_paths_more_than_aligned_ticks_taken_together()
    {
        ChatOutcome spread = Run(ramp: 1);
        ChatOutcome aligned = Run(ramp: 0);
        Assert.True(spread.InboundAfterCopies > 2 * aligned.InboundAfterCopies,
            $"spread {spread.InboundAfterCopies}, aligned {aligned.InboundAfterCopies}");
    }
}
