using System.Globalization;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// The simulation times each message from its client's send to its PUBLISH (publish_lag_* in the run report), as the
/// replica counts it from the load generator's stamps: how long a task's loop held messages before Redis had them.
/// </summary>
public class PublishLagTests
{
    private static ChatOutcome Run(int users, double vcpu) =>
        new ChatSimulation(TestScenarios.Room(users, profile: TestScenarios.PythonWriters, vcpu: vcpu, ramp: 1), 7)
            .Run();

    [Fact]
    public void A_comfortable_task_publishes_a_message_within_milliseconds_of_its_send()
    {
        ChatOutcome outcome = Run(10, 1);
        Assert.Equal(outcome.Metrics.WsMsgsSent, outcome.PublishLag!.Samples);
        Assert.InRange(outcome.PublishLag.P95, 0, 0.05);
    }

    [Fact]
    public void A_saturated_task_holds_its_messages_for_seconds()
    {
        ChatOutcome outcome = Run(100, 0.25);
        Assert.True(outcome.PublishLag!.P50 > 0.5, $"p50 {outcome.PublishLag.P50:0.000} s");
        Assert.InRange(outcome.PublishLag.P50, 0, outcome.PublishLag.P95);
        Assert.InRange(outcome.PublishLag.P95, 0, outcome.PublishLag.Max);
    }

    [Fact]
    public void The_run_report_says_the_lags_quantiles()
    {
        Scenario saturated = TestScenarios.Room(100, profile: TestScenarios.PythonWriters, vcpu: 0.25, ramp: 1);
        RunReport report = ScenarioRunner.Run(saturated with { Replications = 2 });
        double p50 = double.Parse(report.Environment!["publish_lag_p50"], CultureInfo.InvariantCulture);
        double p95 = double.Parse(report.Environment["publish_lag_p95"], CultureInfo.InvariantCulture);
        double max = double.Parse(report.Environment["publish_lag_max"], CultureInfo.InvariantCulture);
        Assert.InRange(p50, 0.5, p95);
        Assert.InRange(p95, p50, max);
    }
}
