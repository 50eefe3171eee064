using System.Text.Json;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// A small YAML file that says what a k6 run was made against, paired with that run's summary export:
/// <code>
/// k6_summary: case-a.summary.json   # relative to this file
/// users: 100
/// interval: 1s
/// session: 10s
/// sessions: 6
/// ramp: 0s
/// tasks: 1
/// task_vcpu: 1
/// task_memory_gb: 2
/// subscription: per-connection
/// redis_node: cache.t4g.small       # or redis_egress_mbps: 20 for a plain shaped link
/// machine_speed: fargate-x86        # optional: the speed index of the machine it ran on (a number or a catalog
///                                   # machine); the profile's CPU costs are then scaled to it
/// </code>
/// </summary>
public static class DeploymentFile
{
    public static readonly string[] Keys =
    [
        "name", "description", "k6_summary", "users", "interval", "session", "sessions", "ramp", "tasks", "task_vcpu",
        "task_memory_gb", "load_balancer", "subscription", "redis_node", "redis_egress_mbps", MachineSpeed.Key,
    ];

    public static CalibrationRun Read(string file)
    {
        var map = YamlMap.Load(file);
        map.RejectUnknown(Keys);
        string summaryPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".",
            map.String("k6_summary"));
        if (!File.Exists(summaryPath))
        {
            throw map.ValueError("k6_summary", $"no k6 summary export at '{summaryPath}'");
        }
        K6Summary k6;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(summaryPath));
            k6 = K6Summary.Parse(summaryPath, doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new RunFileException(summaryPath,
                $"not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message.Split(". Path:")[0]}");
        }
        if (map.Has("redis_node") && map.Has("redis_egress_mbps"))
        {
            throw map.ValueError("redis_egress_mbps",
                "give either redis_node (a catalog node) or redis_egress_mbps (a plain link), not both");
        }
        int users = map.Int("users", min: 1);
        double interval = map.Seconds("interval", min: 0, exclusiveMin: true);
        double session = map.Seconds("session", min: 0, exclusiveMin: true);
        string? node = map.Has("redis_node") ? map.String("redis_node") : null;
        double? mbps = map.Has("redis_egress_mbps")
            ? map.Number("redis_egress_mbps", min: 0, exclusiveMin: true)
            : null;
        var setup = new RunSetup(
            Name: map.String("name",
                Path.GetFileNameWithoutExtension(file).Replace(".deployment", "", StringComparison.Ordinal)),
            Users: users,
            IntervalSeconds: interval,
            SessionSeconds: session,
            Sessions: map.Int("sessions", min: 1),
            Tasks: map.Int("tasks", min: 1),
            Subscription: map.Choice("subscription", SubscriptionModeText.Map.Choices),
            LoadBalancer: map.Choice("load_balancer", LoadBalancingText.Map.Choices, LoadBalancing.RoundRobin.ToText()),
            TaskVcpu: map.Number("task_vcpu", min: 0, exclusiveMin: true),
            RedisEgressMbps: mbps,
            RedisNode: node,
            Profile: null,
            Seed: 1,
            RampSeconds: map.Seconds("ramp", 0, min: 0),
            TaskMemoryGb: map.Number("task_memory_gb", RunSetup.DefaultTaskMemoryGb, min: 0, exclusiveMin: true),
            RedisLink: node is not null ? RedisLink.CatalogNode
                : mbps is not null ? RedisLink.Shaped
                : RedisLink.Unshaped)
        {
            MachineSpeedIndex = MachineSpeedIndex(map),
        };
        double ratio = (double)k6.Received / ((double)k6.Sent * users);
        if (ratio > 1.05)
        {
            throw new RunFileException(summaryPath,
                $"received / (sent x users) = {ratio:0.###} > 1: " +
                $"the users in {file} ({users}) do not match this summary");
        }
        var observed = new ObservedMetrics(ratio, k6.ReceivedPerSecond, k6.Sent, k6.SessionAvgSeconds);
        return new CalibrationRun(setup.Name, file, setup, observed, k6.Sent, k6.Received);
    }

    private static double? MachineSpeedIndex(YamlMap map)
    {
        if (!map.Has(MachineSpeed.Key))
        {
            return null;
        }
        string text = map.String(MachineSpeed.Key);
        if (text == MachineSpeed.Probe)
        {
            throw map.ValueError(MachineSpeed.Key, "a k6 run was measured elsewhere: give its machine's speed index "
                + "or a catalog machine, not 'probe'");
        }
        // A machine's name is looked up in the catalog of the calibration folder the file is in.
        string? calibration = ProjectPaths.CalibrationDirectory(map.File);
        Catalog catalog = calibration is null
            ? Catalog.None("(no calibration/catalog.yaml above this file)")
            : Catalog.Load(Path.Combine(calibration, "catalog.yaml"));
        return MachineSpeed.Resolve(text, catalog, out string error)
            ?? throw map.ValueError(MachineSpeed.Key, error);
    }
}
