using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// outbound_queue_limit: in per-task mode each connection's outbound queue holds at most so many messages; a copy
/// that finds it full pushes out the oldest, which is counted as dropped (the Python replica's drop-oldest queue).
/// </summary>
public class OutboundQueueLimitTests
{
    // Per-task copies go through each connection's own writer, whose turns cost enough that N = 100 on half a core
    // falls far behind; the reader takes what its socket holds in one turn, so the backlog is in the writers' queues.
    private static readonly CostProfile s_queues = TestScenarios.Python with
    {
        PerTaskWritesQueuePerConnection = true,
        SubscriberReadBatch = 200,
        ForwardTurnCpuSeconds = 0.0003,
        DeliveryCpuSeconds = 0.00005,
    };

    private static ChatOutcome Run(CostProfile profile, SubscriptionMode mode = SubscriptionMode.PerTask) =>
        new ChatSimulation(TestScenarios.Room(100, mode: mode, profile: profile, vcpu: 0.5, ramp: 1), 7).Run();

    [Fact]
    public void A_full_queue_drops_its_oldest_copies_and_counts_them()
    {
        ChatOutcome unbounded = Run(s_queues);
        ChatOutcome bounded = Run(s_queues with { OutboundQueueLimit = 20 });
        Assert.Equal(0, unbounded.Metrics.Dropped);
        Assert.True(bounded.Metrics.Dropped > 0, "no copy was dropped");
        // A reader that takes a socketful at once fills a short queue in one turn: copies its writer would have sent
        // in time are pushed out, and none of them is delivered.
        Assert.True(bounded.Metrics.WsMsgsReceived < unbounded.Metrics.WsMsgsReceived,
            $"bounded {bounded.Metrics.WsMsgsReceived} received, unbounded {unbounded.Metrics.WsMsgsReceived}");
    }

    [Fact]
    public void Dropping_the_oldest_keeps_what_is_delivered_fresh()
    {
        ChatOutcome unbounded = Run(s_queues);
        ChatOutcome bounded = Run(s_queues with { OutboundQueueLimit = 20 });
        // A writer 20 messages behind sends each copy well under a second after it arrived; unbounded, seconds after.
        Assert.True(bounded.Latency!.P95 < unbounded.Latency!.P95 / 3,
            $"p95 {bounded.Latency.P95 * 1000:0} ms bounded, {unbounded.Latency.P95 * 1000:0} ms unbounded");
    }

    [Fact]
    public void A_bound_never_reached_changes_nothing()
    {
        Assert.Equal(Run(s_queues).Metrics, Run(s_queues with { OutboundQueueLimit = 1_000_000 }).Metrics);
    }

    [Fact]
    public void Per_connection_mode_has_no_such_queue()
    {
        // The replica's per-connection forwarder sends straight from its own subscription: a slow client backs up
        // into Redis, nothing is dropped.
        ChatOutcome unbounded = Run(s_queues, SubscriptionMode.PerConnection);
        ChatOutcome bounded = Run(s_queues with { OutboundQueueLimit = 20 }, SubscriptionMode.PerConnection);
        Assert.Equal(unbounded.Metrics, bounded.Metrics);
    }
}
