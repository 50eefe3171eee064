using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A copy's CPU falls with the copies one wake-up carries: a writer pays its turn (per_task_turn_cpu per task,
/// forward_turn_cpu per connection) once for every copy it finds waiting, up to forward_batch, and each copy its own
/// write on top. The replica measures the same shape (calibration/python-batch-bench.py: per copy c + w / b at b
/// copies per wake-up), so the bench's w is the turn and its c the per-copy costs, with no further field.
/// </summary>
public class CopiesPerWakeUpTests
{
    // Dear wake-ups and nearly free copies: a writer that paid its turn per copy could not deliver much.
    private const double TurnCpu = 0.001;

    private static readonly CostProfile s_dearWakeUps = TestScenarios.Python with
    {
        PerTaskWritesQueuePerConnection = true,
        SubscriberReadBatch = 200,
        PerTaskTurnCpuSeconds = TurnCpu,
        ForwardTurnCpuSeconds = TurnCpu,
        DeliveryCpuSeconds = 1e-7,
        SubscriberReadCpuSeconds = 1e-7,
        InboundCpuSeconds = 0.0002,
        ForwardBatch = 300,
    };

    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode) =>
        new ChatSimulation(TestScenarios.Room(100, mode: mode, profile: profile, vcpu: 0.25, ramp: 1), 7).Run();

    [Theory]
    [InlineData(SubscriptionMode.PerTask)]
    [InlineData(SubscriptionMode.PerConnection)]
    public void A_loaded_writer_shares_one_wake_up_among_the_copies_it_finds(SubscriptionMode mode)
    {
        ChatOutcome outcome = Run(s_dearWakeUps, mode);
        // The CPU the task had could pay for this many turns of one copy each; it delivered several times more.
        double turnsAffordable = 0.25 * outcome.Metrics.DurationSeconds / TurnCpu;
        Assert.True(outcome.Metrics.WsMsgsReceived > 3 * turnsAffordable,
            $"{outcome.Metrics.WsMsgsReceived} copies received, {turnsAffordable:F0} one-copy turns affordable");
    }

    [Fact]
    public void A_batch_of_one_pays_a_wake_up_for_every_copy()
    {
        ChatOutcome batched = Run(s_dearWakeUps, SubscriptionMode.PerTask);
        ChatOutcome single = Run(s_dearWakeUps with { ForwardBatch = 1 }, SubscriptionMode.PerTask);
        double turnsAffordable = 0.25 * single.Metrics.DurationSeconds / TurnCpu;
        Assert.True(single.Metrics.WsMsgsReceived <= turnsAffordable,
            $"{single.Metrics.WsMsgsReceived} copies received at one a turn, {turnsAffordable:F0} turns affordable");
        Assert.True(batched.Metrics.WsMsgsReceived > 3 * single.Metrics.WsMsgsReceived,
            $"batched {batched.Metrics.WsMsgsReceived}, one copy a wake-up {single.Metrics.WsMsgsReceived}");
    }
}
