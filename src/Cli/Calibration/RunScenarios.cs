using FanoutSim.Cli.Scenarios;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Scenario;

namespace FanoutSim.Cli.Calibration;

/// <summary>Builds the scenario that matches a calibration run: same N, interval, sessions, tasks, CPU quota, bandwidth and mode.</summary>
public static class RunScenarios
{
    /// <summary>Node used for local runs without a bandwidth limit.</summary>
    public const string UnshapedNode = "local-unshaped";

    public static Scenario For(CalibrationRun run, CostProfile profile, Catalog catalog, ulong seed = 1)
    {
        var s = run.Setup;
        var workload = new Workload(s.Users, s.IntervalSeconds, s.SessionSeconds, s.Sessions, run.RampSeconds);
        var deployment = new Deployment(s.Tasks, s.TaskVcpu, run.TaskMemoryGb,
            s.LoadBalancer == "least-connections" ? LoadBalancing.LeastConnections : LoadBalancing.RoundRobin,
            s.Subscription == "per-task" ? SubscriptionMode.PerTask : SubscriptionMode.PerConnection,
            Node(run, catalog));
        // Long enough for any overloaded run to finish its sessions, short enough to bound a hopeless fit step.
        double limit = s.Sessions * (s.SessionSeconds + 60) + run.RampSeconds + 60;
        var scenario = new Scenario(run.Name, workload, deployment, profile, seed, 1, limit);
        try
        {
            ScenarioRules.Check(scenario);
        }
        catch (ScenarioException e)
        {
            throw new RunFileException(run.File, "cannot be simulated: " + e.Message);
        }
        return scenario;
    }

    public static CalibrationCase Case(CalibrationRun run, CostProfile profile, Catalog catalog) =>
        new(run.Name, For(run, profile, catalog), run.Observed);

    private static RedisNodeType Node(CalibrationRun run, Catalog catalog)
    {
        if (run.RedisNode is { } name)
        {
            return catalog.RedisNodes.TryGetValue(name, out RedisNodeType? node)
                ? node
                : throw new RunFileException(run.File, $"redis node '{name}' is not in {catalog.File}; known: {string.Join(", ", catalog.RedisNodes.Keys)}");
        }
        if (run.Setup.RedisEgressMbps is { } mbps)
        {
            // tc htb as run-local applies it: a plain rate, no burst credit (same as a scenario's redis_egress_mbps).
            return new RedisNodeType($"shaped-{mbps}mbps", mbps / 1000, mbps / 1000, 0, 0, 0);
        }
        return catalog.RedisNodes.TryGetValue(UnshapedNode, out RedisNodeType? local)
            ? local
            : new RedisNodeType(UnshapedNode, 10, 10, 0, 0, 0);
    }
}
