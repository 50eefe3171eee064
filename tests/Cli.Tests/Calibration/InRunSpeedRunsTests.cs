using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// A run measured with the in-run speed sampler is predicted at the speed its servers had while it ran, read from
/// its time series; runs without that timeline are read as before, and counted.
/// </summary>
public sealed class InRunSpeedRunsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fanoutsim-inrun-" + Guid.NewGuid());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TimeSample Second(double time, double?[]? speeds, double[]? seconds) =>
        new(time, [], [0.8], 0, 0, 1000, 10, 50) { CpuSpeed = speeds, ServerCpuSecondsPercpu = seconds };

    private string Write(string name, params TimeSample[] samples)
    {
        RunReport report = RunFiles.Measured(name, 50, 0.9);
        report = report with
        {
            Environment = new Dictionary<string, string>(report.Environment)
            {
                ["speed_index"] = "1800000",
                ["speed_index_server"] = "1800000",
            },
            TimeSeries = samples.Length == 0 ? null
                : new TimeSeries(name, 1, samples, RunReport.MeasuredSource),
        };
        return RunFiles.Write(_folder, report);
    }

    [Fact]
    public void The_speed_is_each_seconds_cpu_speed_weighted_by_the_servers_seconds_then()
    {
        string path = Write("sampled",
            Second(1, [2_400_000, 1_200_000], [0.01, 0.03]),
            Second(2, [1_200_000, 2_400_000], [0.03, 0.01]));
        string json = File.ReadAllText(path);

        CalibrationRun run = MeasuredRunFile.Read(path, json);

        Assert.Contains("\"cpu_speed\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"server_cpu_seconds_percpu\": [", json, StringComparison.Ordinal);
        Assert.Equal(1_500_000, run.Setup.MachineSpeedIndex!.Value, 6);
        Assert.True(run.SpeedSampledInRun);
    }

    [Fact]
    public void A_run_without_the_timeline_keeps_the_probes_speed_and_is_counted()
    {
        string old = Write("old", Second(1, null, null), Second(2, null, null));
        string none = Write("none");
        string sampled = Write("sampled", Second(1, [2_000_000, 2_000_000], [0.02, 0.02]));

        CalibrationRun run = MeasuredRunFile.Read(old, File.ReadAllText(old));
        CalibrationInputs.Outcome all = CalibrationInputs.ReadAll([old, none, sampled]);

        Assert.Equal(1_800_000, run.Setup.MachineSpeedIndex);
        Assert.False(run.SpeedSampledInRun);
        Assert.Equal(2, all.WithoutSpeedTimeline);
    }

    [Fact]
    public void Servers_on_a_cpu_never_sampled_leave_the_probes_speed()
    {
        string path = Write("unsampled", Second(1, [2_000_000, null], [0.02, 0.02]));

        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path));

        Assert.Equal(1_800_000, run.Setup.MachineSpeedIndex);
        Assert.False(run.SpeedSampledInRun);
    }
}
