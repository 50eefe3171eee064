using System.Text.Json.Nodes;
using FanoutSim.Model.Results;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-server-counters.py record: the servers' counters around a run (the replica's and the C# server's),
/// written into the run file.</summary>
public sealed class ServerCountersRecordTests : IDisposable
{
    private const string TaskA = "http://127.0.0.1:5001/metrics.json";
    private const string TaskB = "http://127.0.0.1:5002/metrics.json";
    private readonly string _dir = Directory.CreateTempSubdirectory("server-counters-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Records_each_tasks_counts_since_before_and_their_sums()
    {
        string run = WriteRun();
        string before = Write("before.json", Snapshot((TaskA, Counters(10, 10, 50)), (TaskB, Counters(20, 19, 40))));
        string end = Write("end.json", Snapshot((TaskA, Counters(110, 100, 5050)), (TaskB, Counters(70, 69, 2540))));
        string settled = Write("settled.json",
            Snapshot((TaskA, Counters(130, 120, 6050)), (TaskB, Counters(90, 89, 3540))));

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, end, settled);

        Assert.True(code == 0, output);
        JsonNode counters = JsonNode.Parse(await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken))!
            ["server_counters"]!;
        Assert.Equal(100 + 50, (int)counters["at_end"]!["messages_in"]!);
        Assert.Equal(120 + 70, (int)counters["settled"]!["messages_in"]!);
        Assert.Equal(110 + 70, (int)counters["settled"]!["published"]!);
        Assert.Equal(6000 + 3500, (int)counters["settled"]!["messages_out"]!);
        Assert.Equal(120, (int)counters["tasks"]![0]!["settled"]!["messages_in"]!);
        Assert.Equal(TaskB, (string)counters["tasks"]![1]!["url"]!);
    }

    [Fact]
    public async Task The_runs_publish_lags_are_each_tasks_between_its_counts_less_its_quickest()
    {
        string run = WriteRun();
        // Raw lags: the monotonic clock at the PUBLISH less the send stamp, so each load process has its own offset.
        // Task A kept 2 before the run (the warm-up's), 3 in it of which 1 after the load ended; task B 0 and 2.
        string before = Write("before.json", Snapshot((TaskA, Lags(2)), (TaskB, Lags(0))));
        string end = Write("end.json", Snapshot((TaskA, Lags(4)), (TaskB, Lags(2))));
        string settled = Write("settled.json", """
            {"tasks": [
              {"url": "http://127.0.0.1:5001/metrics.json", "counters": {"publish_lags": 5},
               "publish_lag_raw": [1.0, 1.5, 100.25, 100.75, 103.25]},
              {"url": "http://127.0.0.1:5002/metrics.json", "counters": {"publish_lags": 2},
               "publish_lag_raw": [7.0, 7.5]}]}
            """);

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, end, settled);

        Assert.True(code == 0, output);
        JsonNode lag = JsonNode.Parse(await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken))!
            ["server_counters"]!["publish_lag"]!;
        // A: 0, 0.5, 3.0 (less 100.25); B: 0, 0.5 (less 7.0).
        Assert.Equal(5, (int)lag["count"]!);
        Assert.Equal(1, (int)lag["after_load_end"]!);
        Assert.Equal(0.8, (double)lag["mean"]!, 9);
        Assert.Equal(0.5, (double)lag["p50"]!, 9);
        Assert.Equal(3.0, (double)lag["max"]!, 9);
    }

    [Fact]
    public async Task Raw_lags_that_are_not_seconds_name_the_task_and_exit_2()
    {
        string run = WriteRun();
        string bad = Write("settled.json", """
            {"tasks": [{"url": "http://127.0.0.1:5001/metrics.json", "counters": {"publish_lags": 1},
                        "publish_lag_raw": ["soon"]}]}
            """);

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, bad, bad, bad);

        Assert.Equal(2, code);
        Assert.Contains("task http://127.0.0.1:5001/metrics.json: key 'publish_lag_raw' expected a list of seconds",
            output);
    }

    [Fact]
    public async Task A_task_that_did_not_answer_keeps_its_error_and_leaves_no_sum()
    {
        string run = WriteRun();
        string before = Write("before.json", Snapshot((TaskA, Counters(0, 0, 0))));
        string end = Write("end.json",
            """{"tasks": [{"url": "http://127.0.0.1:5001/metrics.json", "error": "TimeoutError: timed out"}]}""");
        string settled = Write("settled.json", Snapshot((TaskA, Counters(5, 5, 25))));

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, end, settled);

        Assert.True(code == 0, output);
        JsonNode counters = JsonNode.Parse(await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken))!
            ["server_counters"]!;
        Assert.Null(counters["at_end"]);
        Assert.Equal(5, (int)counters["settled"]!["messages_in"]!);
        Assert.Equal("TimeoutError: timed out", (string)counters["tasks"]![0]!["errors"]!["at_end"]!);
    }

    [Fact]
    public async Task Records_the_csharp_servers_refusals_timeouts_and_losses_by_cause()
    {
        string run = WriteRun();
        // Per task: subscription failures, timeout closes, losses to a full outbound queue, failed publishes.
        string before = Write("before.json",
            Snapshot((TaskA, CSharpCounters(2, 0, 1, 0)), (TaskB, CSharpCounters(0, 1, 0, 0))));
        string end = Write("end.json",
            Snapshot((TaskA, CSharpCounters(40, 3, 9, 2)), (TaskB, CSharpCounters(38, 1, 4, 0))));

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, end, end);

        Assert.True(code == 0, output);
        JsonNode counters = JsonNode.Parse(await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken))!
            ["server_counters"]!;
        Assert.Equal(38 + 38, (int)counters["at_end"]!["subscription_failures"]!);
        Assert.Equal(3 + 0, (int)counters["settled"]!["timeout_closes"]!);
        Assert.Equal(8 + 4, (int)counters["at_end"]!["lost.outbound_queue_full"]!);
        Assert.Equal(2, (int)counters["at_end"]!["lost.publish_failed"]!);
        Assert.Equal(38, (int)counters["tasks"]![0]!["at_end"]!["subscription_failures"]!);
        // Keys the C# server does not have (the replica's) are left out, not written as 0.
        Assert.Null(counters["at_end"]!["published"]);
    }

    [Fact]
    public async Task A_lost_block_that_is_not_counts_by_cause_is_named_by_its_key()
    {
        string run = WriteRun();
        string before = Write("before.json", Snapshot((TaskA, Counters(0, 0, 0))));
        string bad = Write("end.json",
            """
            {"tasks": [{"url": "http://127.0.0.1:5001/metrics.json",
                        "counters": {"lost": {"publish_failed": 1.5}}}]}
            """);

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, bad, before);

        Assert.Equal(2, code);
        Assert.Contains("key 'lost.publish_failed' expected a count (integer >= 0), not 1.5", output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_that_is_not_json_is_named_with_line_and_column_and_the_run_file_is_untouched()
    {
        string run = WriteRun();
        string original = await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken);
        string before = Write("before.json", Snapshot((TaskA, Counters(0, 0, 0))));
        string broken = Write("end.json", "{\"tasks\": [\n  {\"url\": }\n]}");

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, broken, before);

        Assert.Equal(2, code);
        Assert.Contains($"{broken}:2:11: a counter snapshot is not JSON", output, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_counter_that_is_not_a_count_is_named_by_its_key()
    {
        string run = WriteRun();
        string before = Write("before.json", Snapshot((TaskA, Counters(0, 0, 0))));
        string bad = Write("end.json",
            """{"tasks": [{"url": "http://127.0.0.1:5001/metrics.json", "counters": {"messages_in": -3}}]}""");

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, bad, before);

        Assert.Equal(2, code);
        Assert.Contains("key 'messages_in' expected a count (integer >= 0), not -3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_with_one_bad_file_prints_its_error_and_no_half_table()
    {
        string good = WriteRun();
        string bad = Write("bad.json", "{\n  \"metrics\": \n");

        (int code, string output) = await ServerCountersScript.RunAsync("table", good, bad);

        Assert.Equal(2, code);
        Assert.Contains($"{bad}:3:1: a run file is not JSON", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| run |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_steps_table_gives_a_messages_id_call_and_a_copys_send_at_one_speed()
    {
        // 100 messages whose id calls took 230 ms of the loop thread's CPU, 4,000 copies whose sends took 92 ms, read
        // in 200 poll turns, on a machine at 4.6 million (twice 2.3): 2.30 ms and 23.0 us as measured, twice at 2.3.
        string timed = Write("timed.json", """
            {"setup": {"ramp_seconds": 0}, "metrics": {"delivery_ratio": 0.875},
             "environment": {"speed_index_server": "4600000"},
             "server_counters": {"settled": {"published": 100, "id_cpu_ns": 230000000, "messages_out": 4000,
                                             "send_cpu_ns": 92000000, "poll_turns": 200}}}
            """);
        string untimed = Write("untimed.json", """
            {"setup": {"ramp_seconds": 1}, "metrics": {"delivery_ratio": 0.5},
             "server_counters": {"settled": {"published": 100, "id_cpu_ns": 0}}}
            """);

        (int code, string output) = await ServerCountersScript.RunAsync("steps", timed, untimed);

        Assert.True(code == 0, output);
        Assert.Contains("| timed.json | aligned | 87.5 | 4.60 | 2.30 | 4.60 | 23.0 | 46.0 | 20.0 |", output);
        Assert.Contains("| untimed.json | no step timers", output);
    }

    [Fact]
    public async Task The_opens_table_counts_the_tcp_connects_beyond_the_id_calls_and_the_websockets()
    {
        // 1,000 messages (a gRPC channel each) and 100 sessions of 50 users: of 1,302 connects, 202 were Redis', two a
        // session. A run without the TCP counters is one line naming what it lacks, exit 2.
        string run = Write("conn.json", """
            {"setup": {"subscription": "per-connection", "users": 50}, "metrics": {"ws_sessions": 100},
             "tcp_counters": {"increase": {"Tcp.ActiveOpens": 1302}},
             "server_counters": {"at_end": {"messages_in": 1000}, "settled": {"messages_in": 1000}}}
            """);
        string bare = Write("bare.json", """
            {"setup": {"subscription": "per-task", "users": 50}, "metrics": {"ws_sessions": 100},
             "server_counters": {"at_end": {"messages_in": 1000}}}
            """);

        (int code, string output) = await ServerCountersScript.RunAsync("opens", run);
        (int bad, string log) = await ServerCountersScript.RunAsync("opens", bare);

        Assert.True(code == 0, output);
        Assert.Contains("| conn.json | per-connection | 50 | 100 | 1000 | 1302 | 202 | 2.02 |", output);
        Assert.Equal(2, bad);
        Assert.Contains("a run file with tcp_counters and server_counters needs 'tcp_counters'", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task A_run_file_with_the_block_reads_as_the_same_report()
    {
        string committed = Path.Combine(PythonEnvironment.SourceDirectory, "..", "..", "calibration", "python-runs",
            "py-n100-i1-t1-q0.25-bwnone-pertask.json");
        string run = Path.Combine(_dir, "run.json");
        File.Copy(committed, run);
        string before = Write("before.json", Snapshot((TaskA, Counters(0, 0, 0))));

        (int code, string output) = await ServerCountersScript.RunAsync("record", run, before, before, before);

        Assert.True(code == 0, output);
        RunReport withBlock = RunReportJson.Deserialize(
            await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken));
        RunReport without = RunReportJson.Deserialize(
            await File.ReadAllTextAsync(committed, TestContext.Current.CancellationToken));
        Assert.Equal(RunReportJson.Serialize(without), RunReportJson.Serialize(withBlock));
    }

    private static JsonObject Counters(int messagesIn, int published, int messagesOut) => new()
    {
        ["connections"] = 0,
        ["messages_in"] = messagesIn,
        ["published"] = published,
        ["copies_from_redis"] = messagesOut,
        ["messages_out"] = messagesOut,
        ["send_failures"] = 0,
        ["subscription_mode"] = "per-task",
    };

    /// <summary>Counters as the C# server's /metrics.json writes them (src/ChatServer/MetricsSnapshot.cs).</summary>
    private static JsonObject CSharpCounters(int subscriptionFailures, int timeoutCloses, int outboundQueueFull,
        int publishFailed) => new()
        {
            ["connections"] = 0,
            ["messages_in"] = 100,
            ["messages_out"] = 700,
            ["dropped"] = outboundQueueFull,
            ["connections_rejected"] = 0,
            ["redis_connected"] = true,
            ["subscription_mode"] = "per-connection",
            ["lost"] = new JsonObject
            {
                ["outbound_queue_full"] = outboundQueueFull,
                ["publish_failed"] = publishFailed,
            },
            ["subscription_failures"] = subscriptionFailures,
            ["timeout_closes"] = timeoutCloses,
            ["queued_bytes"] = 0,
        };

    private static JsonObject Lags(int kept) => new() { ["publish_lags"] = kept };

    private static string Snapshot(params (string Url, JsonObject Counters)[] tasks) =>
        new JsonObject
        {
            ["tasks"] = new JsonArray(tasks.Select(t => (JsonNode)new JsonObject
            {
                ["url"] = t.Url,
                ["counters"] = t.Counters,
                ["idle"] = true,
            }).ToArray()),
        }.ToJsonString();

    private string WriteRun() => Write("run.json", """{"metrics": {"ws_msgs_sent": 150}, "environment": {}}""");

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
