using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>Small measured-run files in the shared schema, written by tests.</summary>
internal static class RunFiles
{
    public static RunReport Measured(string name, int users, double ratio,
        SubscriptionMode mode = SubscriptionMode.PerConnection, double vcpu = 0.25, double? mbps = null)
    {
        long sent = users * 9;
        long received = (long)Math.Round(ratio * sent * users);
        var setup = new RunSetup(name, users, 1, 10, 1, 1, mode, null, vcpu, mbps, "local", "local", 1, 1, 2,
            mbps is null ? RedisLink.Unshaped : RedisLink.Shaped);
        var metrics = new RunMetrics(sent, received, sent * users, (double)received / (sent * users), received / 11.0,
            sent / 11.0, 11,
            new DurationSummary(10.1, 10.0, 10.1, 10.3, 10.2, 10.25), users, 0, 0);
        return new RunReport(RunReport.CurrentSchema, RunReport.MeasuredSource, setup, metrics, [], ResourceId.None, [],
            null,
            new Dictionary<string, string> { ["ramp_seconds"] = "1" });
    }

    public static string Write(string folder, RunReport report)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, report.Setup.Name + ".json");
        File.WriteAllText(path, RunReportJson.Serialize(report));
        return path;
    }
}
