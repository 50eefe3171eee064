namespace FanoutSim.Model.Calibration;

/// <summary>How far predictions miss over a set of validation rows, against the goal from issue 4.</summary>
public sealed record ValidationSummary(int Runs, double MeanAbsErrorPp, double MaxAbsErrorPp, string WorstRun)
{
    /// <summary>The goal from issue 4, in percentage points.</summary>
    public const double GoalMeanPp = 3;

    public const double GoalMaxPp = 8;

    public bool MeetsGoal => MeanAbsErrorPp <= GoalMeanPp && MaxAbsErrorPp <= GoalMaxPp;

    /// <summary>
    /// Over the held-out rows, or over every row when <paramref name="heldOutOnly"/> is false (in-sample).
    /// </summary>
    public static ValidationSummary Of(IReadOnlyList<ValidationRow> rows, bool heldOutOnly = true)
    {
        var held = rows.Where(r => r.HeldOut || !heldOutOnly).ToList();
        if (held.Count == 0)
        {
            return new ValidationSummary(0, double.NaN, double.NaN, "");
        }
        ValidationRow worst = held.MaxBy(r => r.AbsErrorPp)!;
        return new ValidationSummary(held.Count, held.Average(r => r.AbsErrorPp), worst.AbsErrorPp, worst.Case);
    }
}
