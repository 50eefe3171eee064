using FanoutSim.Cli.Files;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// A calibration run's scenario (<see cref="CalibrationScenarios"/>); a problem names the run's file.
/// </summary>
public static class RunScenarios
{
    public static Scenario For(CalibrationRun run, CostProfile profile, Catalog catalog, ulong seed = 1)
    {
        try
        {
            return CalibrationScenarios.For(run.Setup with { Name = run.Name }, profile, catalog.RedisNodes, seed);
        }
        catch (ScenarioException e)
        {
            throw new RunFileException(run.File, "cannot be simulated: " + e.Message);
        }
    }

    public static CalibrationCase Case(CalibrationRun run, CostProfile profile, Catalog catalog) =>
        new(run.Name, For(run, profile, catalog), run.Observed);
}
