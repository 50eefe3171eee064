using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// The connections' writers count their turns and the copies those turns wrote, so a run's report says how deep a
/// turn was (forwarder_writes / forwarder_turns) beside the replica's own counts (writer_waits, poll_turns).
/// </summary>
public class ForwarderTurnsTests
{
    private static readonly CostProfile s_writers =
        TestScenarios.PythonWriters with { PerTaskTurnCpuSeconds = 0.000004 };

    private static ChatOutcome Run(int users, SubscriptionMode mode, double vcpu, bool exact = false) =>
        new ChatSimulation(TestScenarios.Room(users, mode: mode, profile: s_writers, vcpu: vcpu, ramp: 1), 7, exact)
            .Run();

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void Every_copy_a_writer_sent_is_counted_once_received_or_late(SubscriptionMode mode)
    {
        ChatOutcome outcome = Run(100, mode, 0.25);
        Assert.Equal(outcome.Metrics.WsMsgsReceived + outcome.ForwardedLate, outcome.ForwarderWrites);
    }

    [Fact]
    public void A_comfortable_room_writes_about_a_copy_a_turn()
    {
        ChatOutcome outcome = Run(10, SubscriptionMode.PerTask, 1);
        Assert.True(outcome.ForwarderTurns > 0);
        double depth = (double)outcome.ForwarderWrites / outcome.ForwarderTurns;
        Assert.InRange(depth, 1, 1.5);
    }

    [Fact]
    public void A_saturated_task_writes_many_copies_a_turn()
    {
        ChatOutcome outcome = Run(100, SubscriptionMode.PerTask, 0.25);
        double depth = (double)outcome.ForwarderWrites / outcome.ForwarderTurns;
        Assert.True(depth > 5, $"{depth:0.0} copies a turn");
    }

    [Fact]
    public void Exact_mode_counts_a_run_of_single_writes_as_one_turn()
    {
        ChatOutcome batched = Run(100, SubscriptionMode.PerTask, 0.25);
        ChatOutcome exact = Run(100, SubscriptionMode.PerTask, 0.25, exact: true);
        Assert.Equal(exact.Metrics.WsMsgsReceived + exact.ForwardedLate, exact.ForwarderWrites);
        double batchedDepth = (double)batched.ForwarderWrites / batched.ForwarderTurns;
        double exactDepth = (double)exact.ForwarderWrites / exact.ForwarderTurns;
        Assert.InRange(exactDepth, batchedDepth / 2, batchedDepth * 2);
    }
}
