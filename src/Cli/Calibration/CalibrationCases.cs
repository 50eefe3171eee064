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
    public static IReadOnlyList<CalibrationCase> Of(IReadOnlyList<CalibrationRun> runs, CostProfile profile,
        Catalog catalog) =>
        runs.Select(r => RunScenarios.Case(r, profile, catalog) with { Stratum = Stratum(r) }).ToList();

    /// <summary>The stratum folds are dealt by: regimes first so each fold mixes modes, bandwidths and sizes.</summary>
    public static string Stratum(CalibrationRun r)
    {
        RunSetup s = r.Setup;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Subscription.ToText()}|{s.RedisEgressMbps ?? 0:00000}|{s.Tasks}|{s.TaskVcpu:0.000}" +
            $"|{s.Users:00000}|{r.Name}");
    }
}
