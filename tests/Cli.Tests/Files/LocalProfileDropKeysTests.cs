using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// Issue 13: `local` carries the idle-heads rule of Redis' write order (README "Redis egress at the millisecond
/// scale"): per-iteration writes, a subscriber refused whole with nothing in flight held back as one head of up to
/// 41.472 kB (fresh and idle), aborted after 15 failed probes, written first-subscribed first. On a shaped link with
/// a short queue the rule starves subscribers the profile without it lets through; calibration/drop-base-profile
/// writes that profile (local.yaml without the rule's five lines), which the older drop scripts start from.
/// </summary>
public class LocalProfileDropKeysTests
{
    private static readonly string[] s_ruleLines =
    [
        "  redis_iteration_writes: true", "  redis_fresh_head_coalesced: true", "  redis_max_segment_kb: 41.472",
        "  redis_abort_after_probes: 15", "  redis_idle_head_coalesced: true",
    ];

    private static readonly string s_local =
        Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles", "local.yaml");

    [Fact]
    public void Local_carries_the_idle_heads_rule_and_not_the_last_subscribed_first_order()
    {
        CostProfile local = ProfileFile.Load(s_local);
        Assert.True(local.RedisIterationWrites);
        Assert.True(local.RedisFreshHeadCoalesced);
        Assert.True(local.RedisIdleHeadCoalesced);
        Assert.Equal(41.472, local.RedisMaxSegmentKb);
        Assert.Equal(15, local.RedisAbortAfterProbes);
        Assert.False(local.RedisLastSubscribedFirst);
        // Probe heads on the kernel's 250 Hz timer wheel with the sockets' 3.94 MB send buffer (session AA,
        // calibration/drop-runs-aa), and with them Redis' CPU per socket write and the refused subscribers' probe
        // spread, chosen in all four folds on 16 drop setups (calibration/drop-runs-aa/probe-heads-r96.md; session Z's
        // pair without the probe heads was 8 us and 20 ms).
        Assert.True(local.RedisProbeHeadCoalesced);
        Assert.Equal(250, local.RedisTimerHz);
        Assert.Equal(3940, local.RedisSendBufferKb);
        Assert.Equal(4e-6, local.RedisWriteCpuSeconds, 12);
        Assert.Equal(0.010, local.RedisProbeSpreadSeconds, 12);
        // Each of the rule's lines once, as calibration/drop-base-profile requires to remove them.
        string[] lines = File.ReadAllLines(s_local);
        Assert.All(s_ruleLines, rule => Assert.Single(lines, line => line == rule));
    }

    [Fact]
    public void The_rule_changes_a_shaped_drop_setup_that_local_without_it_delivers_whole()
    {
        using var ws = new ScenarioWorkspace();
        string without = ws.Write("local-without-rule.yaml",
            string.Join('\n', File.ReadAllLines(s_local).Where(line => !s_ruleLines.Contains(line))) + "\n");
        CostProfile bare = ProfileFile.Load(without);
        Assert.False(bare.RedisIterationWrites || bare.RedisFreshHeadCoalesced || bare.RedisIdleHeadCoalesced);
        Assert.Equal(0, bare.RedisAbortAfterProbes);

        RunReport adopted = RunNetlinkSetup(ws, "local");
        RunReport before = RunNetlinkSetup(ws, without);
        // calibration/drop-runs-netlink's setup (100 connections in lockstep, 40 Mbit/s, a 32 kB bfifo): the runs
        // delivered 29-71 %. Without the rule the model recovers every drop (about 99 %) and aborts nobody; with it
        // subscribers refused with nothing in flight wait on the probe timer and some are aborted.
        Assert.Null(before.RedisShaping!.ProbeAborts);
        Assert.True(before.Metrics.DeliveryRatio > 0.98, $"without the rule: {before.Metrics.DeliveryRatio}");
        Assert.True(adopted.RedisShaping!.ProbeAborts > 0, $"aborts: {adopted.RedisShaping.ProbeAborts}");
        Assert.True(adopted.Metrics.DeliveryRatio < before.Metrics.DeliveryRatio - 0.03,
            $"with the rule {adopted.Metrics.DeliveryRatio}, without {before.Metrics.DeliveryRatio}");
    }

    private static RunReport RunNetlinkSetup(ScenarioWorkspace ws, string profile)
    {
        string name = Path.GetFileNameWithoutExtension(profile);
        string scenario = ws.Write($"netlink-{name}.yaml", $"""
            name: netlink-{name}
            users: 100
            interval: 1s
            session: 10s
            sessions: 2
            ramp: 0s
            tasks: 2
            task_vcpu: 0.5
            subscription: per-connection
            redis_egress_mbps: 40
            redis_shaping_bucket_kb: 128
            redis_shaping_queue_kb: 32
            profile: {profile}
            seed: 1
            """);
        string json = Path.Combine(ws.Root, $"netlink-{name}.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(0, result.ExitCode);
        return RunReportJson.Deserialize(File.ReadAllText(json));
    }
}
