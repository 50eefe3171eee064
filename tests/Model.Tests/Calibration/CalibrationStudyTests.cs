using FanoutSim.Model.Calibration;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>
/// The k-fold study: every case is predicted once by a fit that did not see it, then all are fitted together.
/// </summary>
public class CalibrationStudyTests
{
    private static readonly ObservedMetrics s_unknown = new(1, null, null, null);

    internal static IReadOnlyList<CalibrationCase> CasesMadeWith(CostProfile truth) =>
        new[] { 25, 40, 60, 80 }.Select(n =>
        {
            Scenario s = TestScenarios.Room(n, sessions: 1, vcpu: 0.25);
            var observed = ObservedMetrics.Of(
                ProfileFitter.Predict(new CalibrationCase(s.Name, s, s_unknown), truth, 1).Metrics);
            return new CalibrationCase(s.Name, s, observed) { Stratum = $"{n:000}" };
        }).ToList();

    private static CalibrationOptions Options(int folds) =>
        new([ProfileParameter.Named("delivery_cpu")], MaxEvaluations: 4, Replications: 1, Folds: folds, Parallelism: 2);

    [Fact]
    public void Predicting_with_the_profile_the_cases_were_made_with_misses_by_nothing()
    {
        var study = new CalibrationStudy(CasesMadeWith(TestScenarios.Python), Options(0));

        IReadOnlyList<ValidationRow> rows = study.Predict(TestScenarios.Python);

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.AbsErrorPp, 9));
        Assert.Equal(0, ValidationSummary.Of(rows).MaxAbsErrorPp, 9);
    }

    [Fact]
    public void Every_case_is_held_out_once_and_the_progress_names_each_fold()
    {
        var stages = new List<StudyProgress>();
        var study = new CalibrationStudy(CasesMadeWith(TestScenarios.Python), Options(2), stages.Add);

        CalibrationOutcome outcome = study.Run(TestScenarios.Python);

        Assert.Equal(["room-25", "room-40", "room-60", "room-80"], outcome.HeldOut.Select(r => r.Case).Order());
        Assert.All(outcome.HeldOut, r => Assert.True(r.HeldOut));
        Assert.Equal(2, outcome.FoldProfiles.Count);
        Assert.Equal(4, outcome.InSample.Count);
        Assert.All(outcome.InSample, r => Assert.Equal(-1, r.Fold));
        Assert.Equal(["fold 1/2 (train 2, test 2)", "fold 2/2 (train 2, test 2)"],
            stages.Where(p => p.Stage == StudyStage.FoldDone).Select(p => p.Fit));
        Assert.Equal(StudyStage.EstimatingUncertainty, stages[^1].Stage);
    }
}
