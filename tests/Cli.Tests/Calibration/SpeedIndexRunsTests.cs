using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>A measured run is predicted on its own machine: the speed index `fanoutsim load` recorded.</summary>
public sealed class SpeedIndexRunsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fanoutsim-speed-" + Guid.NewGuid());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string? speedIndex, string file = "")
    {
        RunReport report = RunFiles.Measured(name, 50, 0.9);
        if (speedIndex is not null)
        {
            report = report with
            {
                Environment = new Dictionary<string, string>(report.Environment) { ["speed_index"] = speedIndex },
            };
        }
        if (file.Length == 0)
        {
            return RunFiles.Write(_folder, report);
        }
        // Repeats share their name: each gets its own file, as run-local writes NAME.json, NAME.r2.json, ...
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, file);
        File.WriteAllText(path, RunReportJson.Serialize(report));
        return path;
    }

    [Fact]
    public void The_recorded_speed_index_becomes_the_runs_machine()
    {
        string path = Write("fast", "2600000");
        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path));
        Assert.Equal(2_600_000, run.Setup.MachineSpeedIndex);
    }

    [Fact]
    public void With_probes_before_and_after_the_run_its_machine_is_their_mean()
    {
        RunReport report = RunFiles.Measured("both", 50, 0.9);
        report = report with
        {
            Environment = new Dictionary<string, string>(report.Environment)
            {
                ["speed_index"] = "2600000",
                ["speed_index_before"] = "1400000",
                ["speed_index_after"] = "2600000",
            },
        };
        string path = RunFiles.Write(_folder, report);
        Assert.Equal(2_000_000, MeasuredRunFile.Read(path, File.ReadAllText(path)).Setup.MachineSpeedIndex);
    }

    [Fact]
    public void The_speed_of_the_cpus_the_servers_ran_on_is_preferred_to_the_machines()
    {
        RunReport report = RunFiles.Measured("placed", 50, 0.9);
        report = report with
        {
            Environment = new Dictionary<string, string>(report.Environment)
            {
                ["speed_index"] = "2000000",
                ["speed_index_before"] = "2000000",
                ["speed_index_after"] = "2000000",
                ["speed_index_server"] = "1450000",
            },
        };
        string path = RunFiles.Write(_folder, report);
        Assert.Equal(1_450_000, MeasuredRunFile.Read(path, File.ReadAllText(path)).Setup.MachineSpeedIndex);
    }

    [Theory]
    [InlineData("slow")]
    [InlineData("0")]
    public void A_server_speed_that_is_not_a_positive_number_is_refused_by_name(string value)
    {
        RunReport report = RunFiles.Measured("bad-server", 50, 0.9);
        report = report with
        {
            Environment = new Dictionary<string, string>(report.Environment)
            {
                ["speed_index"] = "2000000",
                ["speed_index_server"] = value,
            },
        };
        string path = RunFiles.Write(_folder, report);
        RunFileException e = Assert.Throws<RunFileException>(() => MeasuredRunFile.Read(path, File.ReadAllText(path)));
        Assert.Contains("environment.speed_index_server", e.Message);
    }

    [Fact]
    public void A_run_measured_before_the_index_existed_still_loads_with_its_machine_unknown()
    {
        string path = Write("old", null);
        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path));
        Assert.Null(run.Setup.MachineSpeedIndex);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("-1")]
    [InlineData("0")]
    public void A_speed_index_that_is_not_a_positive_number_is_refused_by_name(string value)
    {
        string path = Write("bad", value);
        RunFileException e = Assert.Throws<RunFileException>(() => MeasuredRunFile.Read(path, File.ReadAllText(path)));
        Assert.Contains("environment.speed_index", e.Message);
    }

    [Fact]
    public void Repeats_of_one_setup_stand_for_the_mean_of_their_speeds_and_unknown_when_one_is_unknown()
    {
        string a = Write("same", "2000000", "same.json");
        string b = Write("same", "3000000", "same.r2.json");
        CalibrationInputs.Outcome joined = CalibrationInputs.ReadAll([a, b]);
        Assert.Equal(2_500_000, Assert.Single(joined.Runs).Setup.MachineSpeedIndex);

        string c = Write("same", null, "same.r3.json");
        CalibrationInputs.Outcome partly = CalibrationInputs.ReadAll([a, b, c]);
        Assert.Null(Assert.Single(partly.Runs).Setup.MachineSpeedIndex);
    }
}
