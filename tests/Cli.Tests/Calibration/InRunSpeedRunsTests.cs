using FanoutSim.Cli.Calibration;
using FanoutSim.LoadGen;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// A run measured with the in-run speed sampler keeps that speed beside the probes'; by the in-run rule it is predicted
/// at the speed its servers had while it ran, read from its time series, and runs without that timeline at the
/// probes' speed, counted. By default (the in-run rule since sessions F and G) the sampled run is predicted at its
/// in-run speed; by the probes' rule at the probes' speed.
/// </summary>
public sealed class InRunSpeedRunsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fanoutsim-inrun-" + Guid.NewGuid());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TimeSample Second(double time, double?[]? speeds, double[]? seconds) =>
        new(time, [], [0.8], 0, 0, 1000, 10, 50) { CpuSpeed = speeds, ServerCpuSecondsPercpu = seconds };

    private string Write(string name, params TimeSample[] samples) =>
        Write(name, new Dictionary<string, string> { ["speed_index_server"] = "1800000" }, samples);

    // As the 5 ms sampler writes it: its timeline judged against its own noise (speed_in_run_noisy).
    private string Write(string name, Dictionary<string, string> speeds, params TimeSample[] samples) =>
        Write(name, speeds, judged: true, samples);

    private string Write(string name, Dictionary<string, string> speeds, bool judged, TimeSample[] samples)
    {
        RunReport report = RunFiles.Measured(name, 50, 0.9);
        var env = new Dictionary<string, string>(report.Environment) { ["speed_index"] = "1800000" };
        if (judged)
        {
            env["speed_in_run_noisy"] = "false";
        }
        foreach ((string key, string value) in speeds)
        {
            env[key] = value;
        }
        report = report with
        {
            Environment = env,
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

        CalibrationRun run = MeasuredRunFile.Read(path, json, SpeedRule.InRun);

        Assert.Contains("\"cpu_speed\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"server_cpu_seconds_percpu\": [", json, StringComparison.Ordinal);
        Assert.Equal(1_500_000, run.Setup.MachineSpeedIndex!.Value, 6);
        Assert.Equal(SpeedSource.InRun, run.SpeedSource);
    }

    [Fact]
    public void By_default_a_sampled_run_is_predicted_at_its_in_run_speed_and_keeps_the_probes_one()
    {
        // As `fanoutsim load --speed-timeline` writes it: the in-run speed in speed_index_server, the probes' beside.
        string path = Write("sampled", new Dictionary<string, string>
        {
            ["speed_index_server"] = "1500000",
            ["speed_index_server_probes"] = "2100000",
            ["speed_index_server_rule"] = "in-run: each CPU's sampled speed",
        },
            Second(1, [2_400_000, 1_200_000], [0.01, 0.03]),
            Second(2, [1_200_000, 2_400_000], [0.03, 0.01]));

        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path));
        CalibrationRun byProbes = MeasuredRunFile.Read(path, File.ReadAllText(path), SpeedRule.Probes);

        Assert.Equal(1_500_000, run.Setup.MachineSpeedIndex!.Value, 6);
        Assert.Equal(SpeedSource.InRun, run.SpeedSource);
        Assert.Equal(2_100_000, run.Speeds!.ProbesWhereRun);
        Assert.Equal(1_800_000, run.Speeds.ProbesMachine);
        Assert.Equal(2_100_000, byProbes.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.ProbesWhereRun, byProbes.SpeedSource);
    }

    [Fact]
    public void An_in_run_speed_index_is_never_taken_for_the_probes_one()
    {
        // A sampled run whose probes could not place the servers: the probes' rule falls back to their machine mean.
        string path = Write("unplaced", new Dictionary<string, string>
        {
            ["speed_index_server"] = "1500000",
            ["speed_index_server_rule"] = "in-run: each CPU's sampled speed",
        },
            Second(1, [1_500_000, 1_500_000], [0.02, 0.02]));

        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path), SpeedRule.Probes);

        Assert.Equal(1_800_000, run.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.ProbesMachine, run.SpeedSource);
    }

    [Fact]
    public void A_run_without_the_timeline_keeps_the_probes_speed_and_is_counted()
    {
        string old = Write("old", Second(1, null, null), Second(2, null, null));
        string none = Write("none");
        string sampled = Write("sampled", Second(1, [2_000_000, 2_000_000], [0.02, 0.02]));

        CalibrationRun run = MeasuredRunFile.Read(old, File.ReadAllText(old), SpeedRule.InRun);
        CalibrationInputs.Outcome all = CalibrationInputs.ReadAll([old, none, sampled], speedRule: SpeedRule.InRun);

        Assert.Equal(1_800_000, run.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.ProbesWhereRun, run.SpeedSource);
        Assert.Equal(SpeedRule.InRun, all.SpeedRule);
        Assert.Equal(2, all.SpeedSources[SpeedSource.ProbesWhereRun]);
        Assert.Equal(1, all.SpeedSources[SpeedSource.InRun]);
    }

    [Fact]
    public void A_timeline_that_did_not_judge_its_own_noise_leaves_the_probes_speed()
    {
        // The 1 ms sampler's files (session E) carry per-second speeds but no speed_in_run_noisy.
        string path = Write("one-ms", new Dictionary<string, string> { ["speed_index_server"] = "1800000" },
            judged: false, [Second(1, [2_400_000, 1_200_000], [0.01, 0.03])]);

        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path), SpeedRule.InRun);

        Assert.Equal(1_800_000, run.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.ProbesWhereRun, run.SpeedSource);
    }

    [Fact]
    public void Servers_on_a_cpu_never_sampled_leave_the_probes_speed()
    {
        string path = Write("unsampled", Second(1, [2_000_000, null], [0.02, 0.02]));

        CalibrationRun run = MeasuredRunFile.Read(path, File.ReadAllText(path), SpeedRule.InRun);

        Assert.Equal(1_800_000, run.Setup.MachineSpeedIndex);
        Assert.Equal(SpeedSource.ProbesWhereRun, run.SpeedSource);
    }
}
