using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests;

/// <summary>The batched path (jobs per turn, fluid link) against the per-delivery reference (--exact).</summary>
public class ExactPathTests
{
    private static readonly CostProfile s_deterministic = TestScenarios.Python with
    {
        CpuJitter = 0,
        IdlePollCpuPerConnection = 0
    };

    public static TheoryData<string, Scenario> SingleTaskScenarios() => new()
    {
        { "one task past the cliff", TestScenarios.Room(130, profile: s_deterministic, ramp: 1) },
        { "one task below it", TestScenarios.Room(60, interval: 0.5, profile: s_deterministic, ramp: 2) },
        { "one task, thin redis link",
            TestScenarios.Room(70, profile: s_deterministic, node: new RedisNodeType("thin", 0.004, 0.02, 5, 1, 0),
                ramp: 1) },
        { "per-task writes through each connection's queue",
            TestScenarios.Room(120, mode: SubscriptionMode.PerTask, vcpu: 0.5,
                profile: s_deterministic with
                {
                    PerTaskWritesQueuePerConnection = true,
                    ForwardTurnCpuSeconds = 0.00004,
                    ForwardBatch = 8
                },
                ramp: 1) },
    };

    public static TheoryData<string, Scenario> SeveralTaskScenarios() => new()
    {
        { "one task, per-task mode",
            TestScenarios.Room(90, mode: SubscriptionMode.PerTask, profile: s_deterministic, ramp: 1) },
        { "three tasks least-connections",
            TestScenarios.Room(170, tasks: 3, profile: s_deterministic, balancer: LoadBalancing.LeastConnections,
                ramp: 1) },
        { "three tasks round-robin", TestScenarios.Room(170, tasks: 3, profile: s_deterministic, ramp: 1) },
        { "per-task fan-out",
            TestScenarios.Room(250, tasks: 4, mode: SubscriptionMode.PerTask, profile: s_deterministic, ramp: 1) },
        { "per-task overloaded",
            TestScenarios.Room(400, tasks: 2, mode: SubscriptionMode.PerTask, profile: s_deterministic, ramp: 1) },
        { "thin redis link",
            TestScenarios.Room(80, tasks: 4, profile: s_deterministic,
                node: new RedisNodeType("thin", 0.004, 0.02, 5, 1, 0), ramp: 1) },
    };

    [Theory]
    [MemberData(nameof(SingleTaskScenarios))]
    public void Both_paths_give_the_same_counts_when_the_model_is_deterministic(string name, Scenario scenario)
    {
        RunMetrics batched = new ChatSimulation(scenario, 3).Run().Metrics;
        RunMetrics exact = new ChatSimulation(scenario, 3, exact: true).Run().Metrics;
        Assert.True(batched.WsMsgsSent == exact.WsMsgsSent, name);
        Assert.Equal(exact.WsMsgsReceived, batched.WsMsgsReceived);
        Assert.Equal(exact.Dropped, batched.Dropped);
        Assert.Equal(exact.WsSessions, batched.WsSessions);
        Assert.Equal(exact.WsSessionDuration.Avg, batched.WsSessionDuration.Avg, 3);
    }

    /// <summary>
    /// With fixed costs, job boundaries and message arrivals on different tasks fall on the same
    /// lattice of instants; the two paths compute those instants by different float sums (a job per
    /// write vs. one per turn), land 1e-16 s apart, and so order a few exact ties differently. The
    /// counts then differ by a handful of messages in a hundred thousand, never more.
    /// </summary>
    [Theory]
    [MemberData(nameof(SeveralTaskScenarios))]
    public void Both_paths_agree_to_a_tenth_of_a_percent_where_tasks_interleave(string name, Scenario scenario)
    {
        RunMetrics batched = new ChatSimulation(scenario, 3).Run().Metrics;
        RunMetrics exact = new ChatSimulation(scenario, 3, exact: true).Run().Metrics;
        Assert.True(batched.WsMsgsSent == exact.WsMsgsSent, name);
        Assert.InRange(batched.WsMsgsReceived, exact.WsMsgsReceived * 0.999, exact.WsMsgsReceived * 1.001);
        Assert.Equal(exact.WsSessions, batched.WsSessions);
        Assert.InRange(batched.WsSessionDuration.Avg, exact.WsSessionDuration.Avg - 0.05,
            exact.WsSessionDuration.Avg + 0.05);
    }

    [Fact]
    public void Both_paths_agree_within_confidence_intervals_when_costs_are_random()
    {
        Scenario scenario = TestScenarios.Room(140, tasks: 1, ramp: 1) with
        {
            Profile = TestScenarios.Python with { CpuJitter = 0.5 }
        };
        var batched = new List<double>();
        var exact = new List<double>();
        for (int r = 0; r < 8; r++)
        {
            ulong seed = RandomStreams.ReplicationSeed(11, r);
            batched.Add(new ChatSimulation(scenario, seed).Run().Metrics.DeliveryRatio);
            exact.Add(new ChatSimulation(scenario, seed, exact: true).Run().Metrics.DeliveryRatio);
        }
        var b = ConfidenceInterval.Of(batched, 0.99);
        var e = ConfidenceInterval.Of(exact, 0.99);
        Assert.True(b.Low <= e.High && e.Low <= b.High,
            $"batched {b.Mean:0.0000} ± {b.HalfWidth:0.0000}, exact {e.Mean:0.0000} ± {e.HalfWidth:0.0000}");
    }

    [Fact]
    public void The_exact_path_really_runs_one_job_per_write()
    {
        Scenario scenario = TestScenarios.Room(100, profile: s_deterministic);
        ChatOutcome batched = new ChatSimulation(scenario, 1).Run();
        ChatOutcome exact = new ChatSimulation(scenario, 1, exact: true).Run();
        long writes = exact.Metrics.WsMsgsReceived + exact.ForwardedLate;
        Assert.True(exact.CpuJobs >= writes, $"{exact.CpuJobs} jobs for {writes} writes");
        Assert.True(batched.CpuJobs < exact.CpuJobs / 5, $"batched {batched.CpuJobs} vs exact {exact.CpuJobs} jobs");
        Assert.True(exact.Events > writes);
    }
}
