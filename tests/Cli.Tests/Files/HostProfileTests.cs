using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// The profile fitted on this host's knee sessions (issue 12) loads by its name like `local`, records the speed its
/// costs were fitted at (so the in-run rule and `machine_speed` can move them), keeps `local`'s per-KiB cost, and a
/// run that names it uses its costs, not `local`'s.
/// </summary>
public class HostProfileTests
{
    private const string Name = "local-epyc-2c-2596mhz";

    private static readonly string s_profiles =
        Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles");

    private static CostProfile Load(string name) => ProfileFile.Load(Path.Combine(s_profiles, name + ".yaml"));

    [Fact]
    public void The_host_profile_loads_under_its_name_and_records_the_speed_it_was_fitted_at()
    {
        CostProfile host = Load(Name);
        Assert.Equal(Name, host.Name);
        // This host's sessions J-P ran at a mean in-run index of 1.50-1.87 million envelopes per CPU-second; a fit at
        // the in-run rule sits near them (local's 2.5 million is another host's).
        Assert.InRange(host.SpeedIndex, 1.4e6, 2.1e6);
        Assert.Equal(Load("local").DeliveryCpuPerKib, host.DeliveryCpuPerKib);
    }

    [Fact]
    public void A_run_that_names_the_host_profile_uses_its_costs()
    {
        using var ws = new ScenarioWorkspace();
        RunReport host = RunKnee(ws, Name);
        RunReport local = RunKnee(ws, "local");
        // The same saturated setup (per connection, 150 users on 0.05 core) delivers differently under the two fits.
        Assert.NotEqual(local.Metrics.WsMsgsReceived, host.Metrics.WsMsgsReceived);
        Assert.InRange(host.Metrics.DeliveryRatio, 0.3, 1.0);
    }

    private static RunReport RunKnee(ScenarioWorkspace ws, string profile)
    {
        string scenario = ws.Write($"{profile}.yaml", $"""
            name: knee-{profile}
            users: 150
            interval: 1s
            session: 10s
            sessions: 1
            tasks: 1
            task_vcpu: 0.05
            subscription: per-connection
            redis_node: local-unshaped
            profile: {profile}
            seed: 7
            """);
        string json = Path.Combine(ws.Root, $"{profile}.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(0, result.ExitCode);
        return RunReportJson.Deserialize(File.ReadAllText(json));
    }
}
