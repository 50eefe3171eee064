using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>Runs the contamination guard marked are left out of calibration unless asked for.</summary>
public sealed class ContaminatedRunsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fanoutsim-contaminated-" + Guid.NewGuid());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string? contaminated)
    {
        RunReport report = RunFiles.Measured(name, 50, 0.9);
        if (contaminated is not null)
        {
            report = report with
            {
                Environment = new Dictionary<string, string>(report.Environment) { ["contaminated"] = contaminated },
            };
        }
        return RunFiles.Write(_folder, report);
    }

    [Fact]
    public void A_contaminated_run_is_skipped_and_named()
    {
        string dirty = Write("dirty", "true");
        string clean = Write("clean", "false");

        CalibrationInputs.Outcome outcome = CalibrationInputs.ReadAll([dirty, clean]);

        Assert.Equal(["clean"], outcome.Runs.Select(r => r.Name));
        Assert.Equal([dirty], outcome.ContaminatedSkipped);
        Assert.Empty(outcome.Problems);
    }

    [Fact]
    public void Include_contaminated_uses_it()
    {
        string dirty = Write("dirty", "true");

        CalibrationInputs.Outcome outcome = CalibrationInputs.ReadAll([dirty], includeContaminated: true);

        Assert.Equal(["dirty"], outcome.Runs.Select(r => r.Name));
        Assert.Empty(outcome.ContaminatedSkipped);
    }

    [Fact]
    public void Runs_without_a_record_are_used_and_counted()
    {
        string old = Write("old", null);
        string unknown = Write("unknown", "unknown");
        string clean = Write("clean", "false");

        CalibrationInputs.Outcome outcome = CalibrationInputs.ReadAll([old, unknown, clean]);

        Assert.Equal(3, outcome.Runs.Count);
        Assert.Equal(2, outcome.WithoutContaminationRecord);
        Assert.Null(outcome.Runs.Single(r => r.Name == "old").Contaminated);
        Assert.False(outcome.Runs.Single(r => r.Name == "clean").Contaminated);
    }
}
