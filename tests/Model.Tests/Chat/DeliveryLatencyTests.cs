using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>Send-to-receipt latency: what a message spends on the client links, the server and Redis.</summary>
public class DeliveryLatencyTests
{
    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    [Fact]
    public void On_an_idle_system_a_delivery_takes_the_client_round_trip_and_the_redis_round_trip()
    {
        ChatOutcome outcome = Run(TestScenarios.Room(20, profile: TestScenarios.Instant, ramp: 1));

        LatencySummary latency = outcome.Latency!;
        double floor = TestScenarios.Instant.ClientRttSeconds + TestScenarios.Instant.RedisRttSeconds;
        Assert.InRange(latency.P50, floor * 0.99, floor * 1.01 + 1e-4);
        Assert.InRange(latency.P99, floor * 0.99, floor * 1.01 + 1e-3);
        // One delivery in eight is sampled.
        Assert.InRange(latency.Samples, outcome.Metrics.WsMsgsReceived / 9, outcome.Metrics.WsMsgsReceived / 7);
    }

    [Fact]
    public void An_overloaded_task_makes_deliveries_late_by_its_queue()
    {
        ChatOutcome light = Run(TestScenarios.Room(40, ramp: 1));
        ChatOutcome heavy = Run(TestScenarios.Room(120, ramp: 1));

        Assert.True(heavy.Latency!.P99 > 10 * light.Latency!.P99,
            $"p99 {heavy.Latency.P99 * 1000:0} ms at N = 120 against {light.Latency.P99 * 1000:0} ms at N = 40");
        Assert.True(heavy.Latency.P50 <= heavy.Latency.P95 && heavy.Latency.P95 <= heavy.Latency.P99 &&
            heavy.Latency.P99 <= heavy.Latency.Max);
    }

    [Fact]
    public void Per_task_deliveries_are_timed_too()
    {
        ChatOutcome outcome = Run(TestScenarios.Room(40, tasks: 2, mode: SubscriptionMode.PerTask, ramp: 1));

        Assert.True(outcome.Latency!.Samples > 0);
        Assert.True(outcome.Latency.P50 >= TestScenarios.Python.ClientRttSeconds);
    }
}
