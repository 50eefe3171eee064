using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Model.Tests.Calibration;

public class FitObjectiveTests
{
    private static readonly RunMetrics s_predicted = ProfileFitter.Predict(
        new CalibrationCase("x", TestScenarios.Room(20), new ObservedMetrics(0.9, null, null, null)),
        TestScenarios.Python, 1).Metrics;

    private static DurationSummary Mean(double seconds) => DurationSummary.Empty with { Avg = seconds };

    [Fact]
    public void The_objective_is_the_sum_of_the_squared_residuals()
    {
        var observed = new ObservedMetrics(0.9, 1000, 500, 10.5);
        double[] r = FitObjective.Default.CaseResiduals(observed, s_predicted);
        Assert.Equal(r.Sum(x => x * x), FitObjective.Default.CaseError(observed, s_predicted), 9);
        Assert.Equal((s_predicted.DeliveryRatio - 0.9) * 100, r[0], 9);
        Assert.Equal(4, FitObjective.Default.ObservedCount(observed));
        Assert.Equal(1, FitObjective.Default.ObservedCount(new ObservedMetrics(0.9, null, null, null)));
    }

    [Fact]
    public void By_default_connect_and_close_times_are_shown_but_not_fitted()
    {
        var observed = new ObservedMetrics(0.9, 1000, 500, 10.5) { Connecting = Mean(3), Closing = Mean(2) };
        ObservedMetrics without = observed with { Connecting = null, Closing = null };

        Assert.Equal(FitObjective.Default.CaseResiduals(without, s_predicted),
            FitObjective.Default.CaseResiduals(observed, s_predicted));
        Assert.Equal(4, FitObjective.Default.ObservedCount(observed));
    }

    [Fact]
    public void With_connect_and_close_a_tenth_of_a_second_of_either_mean_counts_as_one()
    {
        var objective = new FitObjective(ConnectAndClose: true);
        var observed = new ObservedMetrics(0.9, 1000, 500, 10.5) { Connecting = Mean(3), Closing = Mean(2) };

        double[] r = objective.CaseResiduals(observed, s_predicted);

        Assert.Equal(6, r.Length);
        Assert.Equal(FitObjective.Default.CaseResiduals(observed, s_predicted), r[..4]);
        Assert.Equal((s_predicted.WsConnecting!.Avg - 3) / 0.1, r[4], 9);
        Assert.Equal((s_predicted.WsClosing!.Avg - 2) / 0.1, r[5], 9);
        Assert.Equal(6, objective.ObservedCount(observed));
        Assert.Contains("0.1 s of connect avg", objective.Describe());
    }

    [Fact]
    public void A_run_recorded_without_connect_or_close_times_adds_nothing_to_fit()
    {
        var objective = new FitObjective(ConnectAndClose: true);
        var observed = new ObservedMetrics(0.9, 1000, 500, 10.5) { Closing = Mean(2) };

        double[] r = objective.CaseResiduals(observed, s_predicted);

        Assert.Equal(0, r[4]);
        Assert.NotEqual(0, r[5]);
        Assert.Equal(5, objective.ObservedCount(observed));
    }
}
