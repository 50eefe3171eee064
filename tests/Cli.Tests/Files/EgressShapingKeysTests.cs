using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// A shaped Redis egress from a scenario: `redis_shaping_bucket_kb`, `redis_shaping_queue_kb`,
/// `redis_shaping_rate_gbps`, `redis_shaping_mss_bytes` (over the catalog node's `shaping_*`), `redis_credits` and
/// `send_jitter`.
/// </summary>
public class EgressShapingKeysTests
{
    // 100 users ticking in lockstep (ramp 0) on a 20 Mbit/s link whose 32 kB queue drops.
    private const string Lockstep = """
        name: lockstep
        users: 100
        interval: 1s
        sessions: 1
        tasks: 2
        profile: aws-fargate-python
        redis_egress_mbps: 20
        redis_shaping_bucket_kb: 16
        redis_shaping_queue_kb: 32
        seed: 3
        """;

    private static void AssertRejected(string yaml, string expectedKey, string expectedWords)
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", yaml);
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:", result.Stderr);
        Assert.Contains($"key '{expectedKey}'", result.Stderr);
        Assert.Contains(expectedWords, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void A_dropping_egress_is_reported_recorded_and_said_to_come_from_the_lockstep()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("lockstep.yaml", Lockstep);
        string json = Path.Combine(ws.Root, "r.json");

        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("redis egress shaping (bucket 16 kB, queue 32 kB", result.Stdout);
        Assert.Contains("retransmissions", result.Stdout);
        Assert.Contains("redis egress peak Mbit/s", result.Stdout);
        // 100 users x 100 copies x the aws profile's 300 bytes: 3 MB each interval.
        Assert.Contains("released per interval.....: 3 MB", result.Stdout);
        Assert.Contains("bottleneck: redis egress (shaper drops", result.Stdout);
        Assert.Contains("With sends spread over the interval (ramp 1s)", result.Stderr);
        RunReport report = RunReportJson.Deserialize(File.ReadAllText(json));
        Assert.Equal(16, report.Setup.RedisShapingBucketKb);
        Assert.Equal(32, report.Setup.RedisShapingQueueKb);
        Assert.True(report.RedisShaping!.PacketsDropped > 0);
        Assert.NotNull(report.RedisEgressPeaks);
    }

    [Fact]
    public void A_catalog_node_states_its_own_shaping_and_a_scenario_key_overrides_one_number_of_it()
    {
        using var ws = new ScenarioWorkspace();
        string catalog = File.ReadAllText(Path.Combine(ws.Root, "calibration", "catalog.yaml"));
        File.WriteAllText(Path.Combine(ws.Root, "calibration", "catalog.yaml"), catalog.Replace(
            "  local-unshaped:\n", "  test-node:\n    baseline_gbps: 0.02\n    shaping_bucket_kb: 8\n" +
            "    shaping_queue_kb: 24\n    shaping_rate_gbps: 0.02\n  local-unshaped:\n"));
        string scenario = ws.Write("node.yaml", Lockstep.Replace("redis_egress_mbps: 20\n", "redis_node: test-node\n")
            .Replace("redis_shaping_bucket_kb: 16\n", "").Replace("redis_shaping_queue_kb: 32\n", "") +
            "\nredis_shaping_queue_kb: 48\n");
        string json = Path.Combine(ws.Root, "r.json");

        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);

        Assert.True(result.ExitCode == 0, result.Stderr);
        RunSetup setup = RunReportJson.Deserialize(File.ReadAllText(json)).Setup;
        Assert.Equal((8.0, 48.0, 0.02), (setup.RedisShapingBucketKb, setup.RedisShapingQueueKb,
            setup.RedisShapingRateGbps));
    }

    [Fact]
    public void Half_a_shaping_on_a_node_that_states_none_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_egress_mbps: 20\nredis_shaping_queue_kb: 32\n",
            "redis_shaping_queue_kb", "add redis_shaping_bucket_kb");

    [Fact]
    public void A_credit_share_above_one_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_credits: 1.5\n", "redis_credits", "from 0 (spent) to 1");

    [Fact]
    public void A_shaping_rate_that_is_neither_a_number_nor_allowance_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_egress_mbps: 20\nredis_shaping_bucket_kb: 16\n" +
            "redis_shaping_queue_kb: 32\nredis_shaping_rate_gbps: fast\n", "redis_shaping_rate_gbps",
            "expected a number");

    [Fact]
    public void A_send_jitter_longer_than_the_interval_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nsend_jitter: 2s\n", "send_jitter", "up to the interval");

    [Fact]
    public void A_send_process_other_than_ticks_or_poisson_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nsends: sometimes\n", "sends", "poisson");

    [Fact]
    public void Poisson_sends_with_a_jitter_are_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nsends: poisson\nsend_jitter: 0.5s\n", "send_jitter",
            "0 with Poisson sends");

    [Fact]
    public void A_negative_output_buffer_limit_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_pubsub_hard_mb: -1\n", "redis_pubsub_hard_mb", "at least 0");

    [Fact]
    public void A_segment_size_is_recorded_in_the_run_it_shapes()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("mss.yaml", Lockstep + "\nredis_shaping_mss_bytes: 8949\n");
        string json = Path.Combine(ws.Root, "r.json");

        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(8949, RunReportJson.Deserialize(File.ReadAllText(json)).Setup.RedisShapingMssBytes);
    }

    [Fact]
    public void A_segment_size_below_one_byte_is_refused() =>
        AssertRejected(Lockstep + "\nredis_shaping_mss_bytes: 0\n", "redis_shaping_mss_bytes", "at least 1");

    [Fact]
    public void A_segment_size_that_is_not_a_whole_number_is_refused() =>
        AssertRejected(Lockstep + "\nredis_shaping_mss_bytes: jumbo\n", "redis_shaping_mss_bytes",
            "expected a whole number");

    [Fact]
    public void A_segment_size_on_a_link_that_is_not_shaped_is_refused() =>
        AssertRejected("users: 10\ninterval: 1s\nredis_egress_mbps: 20\nredis_shaping_mss_bytes: 1448\n",
            "redis_shaping_mss_bytes", "a segment size needs redis_shaping_bucket_kb");
}
