using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// Measured runs as the model's calibration cases: each rebuilt as its scenario, with its fold stratum.
/// </summary>
public static class CalibrationCases
{
    /// <summary>One case per run, in run order (the study swaps in the profiles it tries).</summary>
    /// <param name="repeatsAtOwnSpeed">a setup's repeats predicted each at its own speed and pooled
    /// (<see cref="CalibrationCase.Repeats"/>), not once at their mean speed</param>
    public static IReadOnlyList<CalibrationCase> Of(IReadOnlyList<CalibrationRun> runs, CostProfile profile,
        Catalog catalog, bool repeatsAtOwnSpeed = false) =>
        runs.Select(r => new CalibrationCase(r.Name, ScenarioOf(r, profile, catalog), r.Observed)
        {
            Stratum = Stratum(r),
            Repeats = repeatsAtOwnSpeed && r.Repeats.Count > 1
                ? r.Repeats.Select(x => ScenarioOf(x with { Name = r.Name }, profile, catalog)).ToList()
                : [],
        }).ToList();

    /// <summary>The stratum folds are dealt by: regimes first so each fold mixes modes, bandwidths and sizes; one
    /// setup's host kinds share it (<see cref="CalibrationRun.SetupName"/>), so they share a fold.</summary>
    public static string Stratum(CalibrationRun r)
    {
        RunSetup s = r.Setup;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Subscription.ToText()}|{s.RedisEgressMbps ?? 0:00000}|{s.Tasks}|{s.TaskVcpu:0.000}" +
            $"|{s.Users:00000}|{r.SetupName}");
    }

    /// <summary>The run's scenario (<see cref="CalibrationScenarios"/>); a problem names the run's file.</summary>
    private static Scenario ScenarioOf(CalibrationRun run, CostProfile profile, Catalog catalog)
    {
        try
        {
            return CalibrationScenarios.For(run.Setup with { Name = run.Name }, profile, catalog.RedisNodes);
        }
        catch (ScenarioException e)
        {
            throw new RunFileException(run.File, "cannot be simulated: " + e.Message);
        }
    }
}
