using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Tests.Runs;

/// <summary>
/// The one replication loop: results depend on the scenario and its seeds, never on how the pool ran them.
/// </summary>
public class ReplicationsTests
{
    private static readonly Scenario s_small = TestScenarios.Room(40, ramp: 1) with { Replications = 3 };
    private static readonly Scenario s_larger = TestScenarios.Room(90, ramp: 1, seed: 5) with { Replications = 2 };

    private static string Json(RunReport report) => RunReportJson.Serialize(report);

    [Fact]
    public void Replication_r_runs_on_the_replication_seed_of_the_scenario()
    {
        RunReport report = Replications.Run(s_small);

        for (int r = 0; r < s_small.Replications; r++)
        {
            RunMetrics alone = new ChatSimulation(s_small, RandomStreams.ReplicationSeed(s_small.Seed, r))
                .Run().Metrics;
            Assert.Equal(alone, report.Replications[r]);
        }
    }

    [Fact]
    public void Progress_is_reported_without_changing_a_result_and_reaches_one()
    {
        var progress = new RunProgress();
        RunReport watched = Replications.Run(s_larger, new ReplicationOptions { Progress = progress });

        Assert.Equal(1.0, progress.Fraction);
        Assert.Equal(Json(Replications.Run(s_larger)), Json(watched));
    }

    [Fact]
    public void A_simulation_reports_its_simulated_time_as_it_goes()
    {
        var times = new List<double>();
        // Exact mode: an event per delivery, so the run passes many checkpoints.
        ChatOutcome outcome = new ChatSimulation(s_larger, 7, exact: true).ReportProgress(times.Add).Run();

        Assert.NotEmpty(times);
        Assert.True(times.Zip(times.Skip(1)).All(p => p.Second >= p.First), "simulated time went back");
        Assert.True(times[^1] <= outcome.Metrics.DurationSeconds + 1e-9);
    }

    [Fact]
    public void One_core_and_every_core_give_the_same_report() =>
        Assert.Equal(Json(Replications.Run(s_small, new ReplicationOptions(MaxParallelism: 1))),
            Json(Replications.Run(s_small)));

    [Fact]
    public void A_scenario_pooled_with_others_reports_what_it_reports_alone()
    {
        IReadOnlyList<RunReport> pooled = Replications.Run([s_small, s_larger]);

        Assert.Equal(Json(Replications.Run(s_small)), Json(pooled[0]));
        Assert.Equal(Json(Replications.Run(s_larger)), Json(pooled[1]));
    }

    [Fact]
    public void A_group_of_one_scenario_reports_what_the_scenario_reports_alone() =>
        Assert.Equal(Json(Replications.Run(s_small)), Json(Replications.RunPooled([ScenarioGroup.Of(s_small)])[0]));

    [Fact]
    public void A_group_reports_its_members_replications_together_under_the_shown_setup()
    {
        // A 0.25-core room whose profile prices a 2-million machine, and the same measured on one half as fast.
        CostProfile profile = TestScenarios.Python with { SpeedIndex = 2_000_000 };
        Scenario knee = TestScenarios.Room(60, sessions: 1, vcpu: 0.25, profile: profile) with { Replications = 2 };
        Scenario slower = knee with { Deployment = knee.Deployment with { MachineSpeedIndex = 1_000_000 } };

        RunReport pooled = Replications.RunPooled([new ScenarioGroup(knee, [knee, slower])])[0];

        RunReport fast = Replications.Run(knee);
        RunReport slow = Replications.Run(slower);
        Assert.Equal([.. fast.Replications, .. slow.Replications], pooled.Replications);
        Assert.Equal((fast.Metrics.DeliveryRatio + slow.Metrics.DeliveryRatio) / 2, pooled.Metrics.DeliveryRatio, 12);
        Assert.NotEqual(fast.Metrics.DeliveryRatio, slow.Metrics.DeliveryRatio, 3);
        Assert.Equal(fast.Setup, pooled.Setup);
    }

    [Fact]
    public void Each_scenario_is_reported_done_once_after_its_last_replication()
    {
        var done = new System.Collections.Concurrent.ConcurrentBag<int>();

        Replications.Run([s_small, s_larger], onScenarioDone: done.Add);

        Assert.Equal([0, 1], done.Order());
    }

    [Fact]
    public void Sampling_keeps_replication_0s_time_series_and_changes_no_figure()
    {
        RunReport sampled = Replications.Run(s_small, new ReplicationOptions(SampleEverySeconds: 1));
        RunReport plain = Replications.Run(s_small);

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
            () => Replications.Run(s_small, new ReplicationOptions(Cancellation: cancelled.Token)));
    }

    [Fact]
    public void A_scenario_that_breaks_a_rule_fails_before_anything_runs() =>
        Assert.Throws<ScenarioException>(() => Replications.Run(s_small with { Replications = 0 }));
}
