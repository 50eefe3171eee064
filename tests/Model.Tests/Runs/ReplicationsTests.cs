using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Sim.Random;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Runs;

/// <summary>The one replication loop: results depend on the scenario and its seeds, never on how the pool ran them.</summary>
public class ReplicationsTests
{
    private static readonly Scenario Small = TestScenarios.Room(40, ramp: 1) with { Replications = 3 };
    private static readonly Scenario Larger = TestScenarios.Room(90, ramp: 1, seed: 5) with { Replications = 2 };

    private static string Json(RunReport report) => RunReportJson.Serialize(report);

    [Fact]
    public void Replication_r_runs_on_the_replication_seed_of_the_scenario()
    {
        RunReport report = Replications.Run(Small);

        for (int r = 0; r < Small.Replications; r++)
        {
            RunMetrics alone = new ChatSimulation(Small, RandomStreams.ReplicationSeed(Small.Seed, r)).Run().Metrics;
            Assert.Equal(alone, report.Replications[r]);
        }
    }

    [Fact]
    public void One_core_and_every_core_give_the_same_report() =>
        Assert.Equal(Json(Replications.Run(Small, new ReplicationOptions(MaxParallelism: 1))), Json(Replications.Run(Small)));

    [Fact]
    public void A_scenario_pooled_with_others_reports_what_it_reports_alone()
    {
        IReadOnlyList<RunReport> pooled = Replications.Run([Small, Larger]);

        Assert.Equal(Json(Replications.Run(Small)), Json(pooled[0]));
        Assert.Equal(Json(Replications.Run(Larger)), Json(pooled[1]));
    }

    [Fact]
    public void Each_scenario_is_reported_done_once_after_its_last_replication()
    {
        var done = new System.Collections.Concurrent.ConcurrentBag<int>();

        Replications.Run([Small, Larger], onScenarioDone: done.Add);

        Assert.Equal([0, 1], done.Order());
    }

    [Fact]
    public void Sampling_keeps_replication_0s_time_series_and_changes_no_figure()
    {
        RunReport sampled = Replications.Run(Small, new ReplicationOptions(SampleEverySeconds: 1));
        RunReport plain = Replications.Run(Small);

        Assert.NotNull(sampled.TimeSeries);
        Assert.NotEmpty(sampled.TimeSeries.Samples);
        Assert.Null(plain.TimeSeries);
        Assert.Equal(plain.Metrics, sampled.Metrics);
        Assert.Equal(plain.Replications, sampled.Replications);
    }

    [Fact]
    public void A_cancelled_run_stops_with_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => Replications.Run(Small, new ReplicationOptions(Cancellation: cancelled.Token)));
    }

    [Fact]
    public void A_scenario_that_breaks_a_rule_fails_before_anything_runs() =>
        Assert.Throws<ScenarioException>(() => Replications.Run(Small with { Replications = 0 }));
}
