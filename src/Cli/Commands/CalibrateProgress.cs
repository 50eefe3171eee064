using System.Diagnostics;
using System.Globalization;
using FanoutSim.Model.Calibration;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// A calibration study's progress as stderr lines: each fit's start, every tenth evaluation, each fold's error.
/// </summary>
internal static class CalibrateProgress
{
    public static Action<StudyProgress> Printer(CalibrationOptions options)
    {
        var clock = Stopwatch.StartNew();
        int budget = options.MaxEvaluations * (options.Restarts + 1);
        string free = string.Join(", ", options.Free.Select(f => f.Name));
        return p =>
        {
            string? line = p.Stage switch
            {
                StudyStage.Fitting => $"{p.Fit}: fitting {free}",
                StudyStage.Evaluated when p.Evaluation is { } e && (e.Evaluations == 1 || e.Evaluations % 10 == 0) =>
                    Invariant($"{p.Fit}: evaluation {e.Evaluations}/{budget}, error {e.Error:0.#}, ")
                    + Invariant($"best {e.BestError:0.#} [{clock.Elapsed:mm\\:ss}]"),
                StudyStage.FoldDone when p.HeldOutSoFar is { } s =>
                    Invariant($"{p.Fit} done; held-out so far: {s.Runs} runs, mean |error| {s.MeanAbsErrorPp:0.0} pp, ")
                    + Invariant($"worst {s.MaxAbsErrorPp:0.0} pp ({s.WorstRun})"),
                StudyStage.EstimatingUncertainty => "estimating parameter uncertainty (finite-difference Jacobian)",
                _ => null,
            };
            if (line is not null)
            {
                Console.Error.WriteLine("calibrate: " + line);
            }
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
