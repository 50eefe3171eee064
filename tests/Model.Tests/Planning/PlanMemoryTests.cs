using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

/// <summary>The planner never recommends a task too small for the connections it must hold.</summary>
public class PlanMemoryTests
{
    private static readonly PlanPrices s_prices = new(0.03238, 0.00356);

    private static readonly FargateSize s_one = FargateSize.All.Single(f => f.Vcpu == 1);

    /// <summary>Users of a fast server whose connections each hold <paramref name="connectionKb"/>.</summary>
    private static Scenario Holding(int users, double connectionKb, double ramp = 0) =>
        TestScenarios.Room(users, interval: 5, sessions: 1, ramp: ramp,
            profile: TestScenarios.Instant with { ConnectionMemoryKb = connectionKb });

    private static List<PlanCandidate> OneVcpu(params int[] tasks) =>
        PlanSearch.Candidates(tasks, [s_one], [TestScenarios.SmallNode], [SubscriptionMode.PerTask], s_prices);

    [Fact]
    public void The_bound_is_the_base_plus_an_even_share_of_every_connection_open_at_once()
    {
        Scenario s = Holding(1001, connectionKb: 2000);
        s = s with { Deployment = s.Deployment with { Tasks = 4 } };

        Assert.Equal(0.15 + 251 * 2e-3, MemoryBound.LeastPeakGb(s), 12);
        // Sessions that can end before the ramp has dialled everyone promise nothing beyond the base.
        Assert.Equal(0.15, MemoryBound.LeastPeakGb(Holding(1001, 2000, ramp: 10)), 12);
    }

    [Fact]
    public void A_task_too_small_for_its_connections_is_ruled_out_without_a_simulation()
    {
        // 1000 connections of 4 MB: one 2 GB task cannot hold them (4.15 GB), three can (1.49 GB each).
        Scenario s = Holding(1000, connectionKb: 4000);
        int simulations = 0;

        PlanResult result = PlanSearch.Search(s, OneVcpu(1, 3), new TargetRule(0.5, true),
            x => { simulations++; return ScenarioRunner.Run(x); }, wanted: 1);

        PlanEvaluation tooSmall = Assert.Single(result.CheaperFailures);
        Assert.Equal(1, tooSmall.Candidate.Tasks);
        Assert.Null(tooSmall.Report);
        Assert.StartsWith("task memory: at least 4.15 GB in use > 2 GB", tooSmall.Reason);
        Assert.Equal(3, Assert.Single(result.Cheapest).Candidate.Tasks);
        Assert.Equal(1, simulations);
    }

    [Fact]
    public void A_candidate_gets_the_least_whole_gb_that_holds_its_connections_and_its_price_follows()
    {
        // 1000 connections of 4 MB on one 1-vCPU task: 4.15 GB, so 5 GB; three tasks fit in their 2 GB.
        List<PlanCandidate> sized = PlanSearch.SizedForMemory(OneVcpu(1, 3), Holding(1000, 4000), s_prices);

        PlanCandidate one = sized.Single(c => c.Tasks == 1);
        Assert.Equal(5, one.MemoryGb);
        Assert.Equal(5, one.MemoryField);
        Assert.Equal(PlanCandidate.Cost(1, s_one, TestScenarios.SmallNode, s_prices, memoryGb: 5), one.DollarsPerHour,
            12);
        PlanCandidate three = sized.Single(c => c.Tasks == 3);
        Assert.Equal(2, three.MemoryGb);
        Assert.Null(three.MemoryField);
        Assert.Equal(sized.OrderBy(c => c.DollarsPerHour), sized);
    }

    [Fact]
    public void Without_connection_memory_every_candidate_keeps_the_least_memory_of_its_size()
    {
        List<PlanCandidate> candidates = OneVcpu(1, 2, 3);

        Assert.Equal(candidates, PlanSearch.SizedForMemory(candidates, Holding(1000, 0), s_prices));
    }

    [Fact]
    public void A_simulated_task_that_runs_out_of_memory_fails_on_its_memory()
    {
        // A ramp as long as the session promises nothing, but nearly every connection is open at its end:
        // 1000 of 4 MB on one 2 GB task.
        Scenario s = Holding(1000, connectionKb: 4000, ramp: 10);

        PlanResult result = PlanSearch.Search(s, OneVcpu(1), new TargetRule(0.5, true), x => ScenarioRunner.Run(x));

        Assert.Empty(result.Cheapest);
        PlanEvaluation failed = Assert.Single(result.CheaperFailures);
        Assert.Equal(ResourceId.TaskMemory(0), failed.Report!.Bottleneck);
        Assert.Contains("task-0 memory: peak", failed.Reason);
        Assert.Contains("(out of memory)", failed.Reason);
    }
}
