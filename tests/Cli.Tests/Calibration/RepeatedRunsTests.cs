using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// Run files that measured one setup several times are fitted as one case: their mean, with their spread kept.
/// </summary>
public class RepeatedRunsTests
{
    private static CalibrationRun Read(RunReport report, string file) =>
        MeasuredRunFile.Read(file, RunReportJson.Serialize(report));

    [Fact]
    public void Repeats_of_one_setup_become_one_run_with_the_mean_ratio_and_their_range()
    {
        CalibrationRun[] runs = new[]
        {
            Read(RunFiles.Measured("sat", 100, 0.60), "sat.json"),
            Read(RunFiles.Measured("sat", 100, 0.80), "sat.r2.json"),
            Read(RunFiles.Measured("sat", 100, 0.70), "sat.r3.json"),
            Read(RunFiles.Measured("easy", 20, 0.99), "easy.json"),
        };

        CalibrationInputs.Outcome outcome = RepeatedRuns.Join(runs);

        Assert.Empty(outcome.Problems);
        Assert.Equal(2, outcome.Runs.Count);
        CalibrationRun sat = outcome.Runs.Single(r => r.Name == "sat");
        Assert.Equal(3, sat.RepeatCount);
        Assert.Equal(0.70, sat.Observed.DeliveryRatio, 3);
        Assert.Equal(0.60, sat.RatioRange.Min, 3);
        Assert.Equal(0.80, sat.RatioRange.Max, 3);
        Assert.Equal(runs.Take(3).Average(r => r.Observed.DeliveredPerSecond!.Value),
            sat.Observed.DeliveredPerSecond!.Value, 6);
        Assert.Equal(runs.Take(3).Sum(r => r.Sent), sat.Sent);
        CalibrationRun easy = outcome.Runs.Single(r => r.Name == "easy");
        Assert.Equal(1, easy.RepeatCount);
        Assert.Equal(0.99, easy.Observed.DeliveryRatio, 3);
    }

    [Fact]
    public void A_name_reused_for_a_different_setup_is_rejected_by_file()
    {
        CalibrationRun[] runs = new[]
        {
            Read(RunFiles.Measured("same", 100, 0.9, vcpu: 0.25), "a.json"),
            Read(RunFiles.Measured("same", 100, 0.9, vcpu: 0.5), "b.json"),
        };

        CalibrationInputs.Outcome outcome = RepeatedRuns.Join(runs);

        RunFileException problem = Assert.Single(outcome.Problems);
        Assert.Equal("b.json", problem.File);
        Assert.Contains("different setup", problem.Message);
        Assert.Contains("0.5 cores", problem.Message);
        Assert.DoesNotContain(outcome.Runs, r => r.Name == "same");
    }

    [Fact]
    public void The_validation_table_shows_how_many_repeats_stand_behind_a_row_and_their_range()
    {
        CalibrationRun joined = RepeatedRuns.Join(
        [
            Read(RunFiles.Measured("sat", 100, 0.60), "sat.json"),
            Read(RunFiles.Measured("sat", 100, 0.80), "sat.r2.json"),
        ]).Runs.Single();
        var row = new ValidationRow(joined.Name, joined.Observed, 0, true, 0.72, 1000, 11);

        string markdown = ValidationTable.Markdown([row], [joined], "t", "cmd");
        string csv = ValidationTable.Csv([row], [joined]);

        Assert.Contains("| 2 | 70.0% | 60.0-80.0% | 72.0% | 2.0 |", markdown);
        Assert.Contains(",2,0.7,0.6,0.8,0.72,", csv);
    }
}
