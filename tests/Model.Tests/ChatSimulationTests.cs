using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests;

public class ChatSimulationTests
{
    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    [Fact]
    public void The_same_scenario_and_seed_give_the_same_numbers()
    {
        Scenario s = TestScenarios.Room(120, ramp: 1);
        string a = RunReportJson.Serialize(ScenarioRunner.Run(s with { Replications = 3 }));
        string b = RunReportJson.Serialize(ScenarioRunner.Run(s with { Replications = 3 }));
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_different_seed_gives_different_numbers()
    {
        RunMetrics a = Run(TestScenarios.Room(120, seed: 1, ramp: 1)).Metrics;
        RunMetrics b = Run(TestScenarios.Room(120, seed: 2, ramp: 1)).Metrics;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Without_load_the_ratio_is_the_session_overlap_ceiling()
    {
        // All users dial together and never queue, so all sessions stay aligned: every message sent
        // while sockets are open reaches everyone, and only the tick that races the close is lost
        // (it reaches the server after every client has stopped counting).
        int users = 40, sessions = 3;
        ChatOutcome outcome = Run(TestScenarios.Room(users, sessions: sessions, profile: TestScenarios.Instant));
        RunMetrics m = outcome.Metrics;
        long regularTicks = 9L * users * sessions;
        Assert.InRange(m.WsMsgsSent - regularTicks, 1, users * sessions - 1);
        double ceiling = (double)regularTicks / m.WsMsgsSent;
        Assert.Equal(ceiling, m.DeliveryRatio, 6);
    }

    [Fact]
    public void Without_load_a_session_lasts_its_length_plus_the_network_round_trips()
    {
        RunMetrics m = Run(TestScenarios.Room(10, profile: TestScenarios.Instant)).Metrics;
        // TCP connect + upgrade = 2 RTT before open, close frame and its echo = 1 RTT after.
        double expected = 10 + 3 * TestScenarios.Instant.ClientRttSeconds;
        Assert.Equal(expected, m.WsSessionDuration.Avg, 3);
        Assert.Equal(expected, m.WsSessionDuration.Max, 3);
    }

    [Fact]
    public void Delivery_ratio_falls_monotonically_as_the_room_grows_on_one_task()
    {
        var ratios = new[] { 50, 100, 150, 200, 300 }.Select(n => Run(TestScenarios.Room(n)).Metrics.DeliveryRatio)
            .ToList();
        for (int i = 1; i < ratios.Count; i++)
        {
            Assert.True(ratios[i] < ratios[i - 1], $"ratios {string.Join(", ", ratios)} are not falling");
        }
        Assert.True(ratios[0] > 0.9 && ratios[^1] < 0.2);
    }

    [Fact]
    public void Delivery_ratio_falls_when_fanout_exceeds_task_cpu()
    {
        ChatOutcome full = Run(TestScenarios.Room(80, vcpu: 1));
        ChatOutcome quarter = Run(TestScenarios.Room(80, vcpu: 0.25));
        Assert.True(full.Metrics.DeliveryRatio > 0.9);
        Assert.True(quarter.Metrics.DeliveryRatio < 0.5);
        Assert.Equal(ResourceId.TaskCpu(0), quarter.Bottleneck);
        Assert.True(quarter.Resources[0].Utilization > 0.9);
    }

    [Fact]
    public void Per_task_subscription_cuts_redis_egress_by_users_over_tasks()
    {
        int users = 100, tasks = 2;
        ChatOutcome perConnection = Run(TestScenarios.Room(users, tasks: tasks, profile: TestScenarios.Instant));
        ChatOutcome perTask = Run(TestScenarios.Room(users, tasks: tasks, mode: SubscriptionMode.PerTask,
            profile: TestScenarios.Instant));
        Assert.Equal(perConnection.Metrics.WsMsgsSent, perTask.Metrics.WsMsgsSent);
        double bytesPerMessageConnection = perConnection.RedisEgressBytes / perConnection.Metrics.WsMsgsSent;
        double bytesPerMessageTask = perTask.RedisEgressBytes / perTask.Metrics.WsMsgsSent;
        Assert.Equal(tasks * TestScenarios.Instant.RedisBytesPerCopy, bytesPerMessageTask, 6);
        // Per-connection copies go to whoever is subscribed at the PUBLISH: all N while sessions are open.
        Assert.InRange(bytesPerMessageConnection / bytesPerMessageTask, 0.95 * users / tasks, 1.0 * users / tasks);
    }

    [Fact]
    public void More_tasks_stop_helping_once_redis_egress_is_the_bottleneck()
    {
        // 2.4 Mbit/s with no burst carries 1,000 copies of 300 bytes a second.
        var thin = new RedisNodeType("thin", 0.0024, 0.0024, 0, 1, 0);
        var delivered = new Dictionary<int, ChatOutcome>();
        foreach (int tasks in new[] { 1, 2, 4, 8 })
        {
            delivered[tasks] = Run(TestScenarios.Room(60, interval: 0.5, tasks: tasks, node: thin));
        }
        Assert.All(delivered.Values, o => Assert.True(o.Metrics.DeliveredPerSecond <= 1000 * 1.01));
        Assert.Equal(ResourceId.RedisEgress, delivered[8].Bottleneck);
        Assert.True(delivered[8].Resources.Single(r => r.Id == ResourceId.RedisEgress).Utilization > 0.95);
        double gain = delivered[8].Metrics.DeliveredPerSecond / delivered[2].Metrics.DeliveredPerSecond;
        Assert.InRange(gain, 0.9, 1.1);
    }

    [Fact]
    public void More_tasks_raise_delivery_while_task_cpu_is_the_limit()
    {
        double one = Run(TestScenarios.Room(150, tasks: 1)).Metrics.DeliveryRatio;
        double three = Run(TestScenarios.Room(150, tasks: 3)).Metrics.DeliveryRatio;
        Assert.True(three > one + 0.3, $"1 task {one:0.000}, 3 tasks {three:0.000}");
    }

    [Fact]
    public void Least_connections_spreads_sessions_so_tasks_are_equally_busy()
    {
        ChatOutcome o = Run(TestScenarios.Room(90, tasks: 3, balancer: LoadBalancing.LeastConnections, ramp: 2));
        var cpu = o.Resources.Where(r => r.Id.IsTaskCpu).Select(r => r.Utilization).ToList();
        Assert.Equal(3, cpu.Count);
        Assert.True(cpu.Max() - cpu.Min() < 0.05, string.Join(", ", cpu));
    }

    [Fact]
    public void Every_session_is_run_and_sent_messages_match_k6_expectations()
    {
        RunMetrics m = Run(TestScenarios.Room(30, sessions: 4, ramp: 1)).Metrics;
        Assert.Equal(120, m.WsSessions);
        double perSession = (double)m.WsMsgsSent / m.WsSessions;
        Assert.InRange(perSession, 9.3, 9.8);
        Assert.Equal(m.WsMsgsSent * 30, m.Expected);
    }

    [Fact]
    public void A_time_limit_cuts_the_run_short_and_is_reported()
    {
        Scenario s = TestScenarios.Room(20, sessions: 6) with { TimeLimitSeconds = 15 };
        ChatOutcome o = Run(s);
        Assert.True(o.HitTimeLimit);
        Assert.Equal(15, o.Metrics.DurationSeconds);
        Assert.True(o.Metrics.WsSessions <= 20);
    }

    [Fact]
    public void An_invalid_scenario_is_refused_with_the_offending_key()
    {
        Scenario bad = TestScenarios.Room(10) with { Workload = new Workload(10, 0, 10, 1, 0) };
        ScenarioException e = Assert.Throws<ScenarioException>(() => new ChatSimulation(bad, 1));
        Assert.Equal("interval", e.Key);
    }
}
