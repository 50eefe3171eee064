using System.Diagnostics;
using FanoutSim.Model.Results;

namespace FanoutSim.LoadGen.Tests;

/// <summary>The load generator against a real redis-server and the real chat server.</summary>
public sealed class LiveLoadTests(LiveServers servers) : IClassFixture<LiveServers>
{
    [Fact]
    public async Task Redis_counters_are_read_over_its_unix_socket()
    {
        RedisInfoProbe.Counters? counters = await RedisInfoProbe.ReadAsync(
            new System.Net.Sockets.UnixDomainSocketEndPoint(servers.RedisSocket), TimeSpan.FromSeconds(2));
        Assert.NotNull(counters);
        Assert.True(counters.InputBytes > 0);
    }

    [Fact]
    public async Task Small_room_meets_k6_expectations()
    {
        const int users = 5;
        var plan = new LoadPlan([new Uri(servers.Url("small"))], users, TimeSpan.FromSeconds(0.5),
            TimeSpan.FromSeconds(3), 2,
            TimeSpan.Zero, TimeSpan.FromSeconds(30), 1);
        var probes = new ProbeTargets([servers.ChatPid],
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, servers.RedisPort));

        LoadResult r = await LoadRunner.RunAsync(plan, probes, TestContext.Current.CancellationToken);

        Assert.Equal(0, r.ConnectFailures);
        Assert.Equal(users * 2, r.Sessions);
        Assert.False(r.HitMaxDuration);
        // k6: 3 s / 0.5 s gives 5 certain ticks, and a 6th that races the close.
        double perSession = (double)r.Sent / r.Sessions;
        Assert.InRange(perSession, 5.0, 6.0);
        // The session-overlap ceiling: users close together, so a tick racing the close reaches almost nobody;
        // every certain tick should reach all N users.
        long ceiling = K6Schedule.CertainSends(plan.Interval, plan.Session) * r.Sessions * users;
        Assert.True(r.Received >= 0.95 * ceiling, $"received {r.Received}, ceiling {ceiling}");
        double ratio = (double)r.Received / (r.Sent * users);
        Assert.True(ratio > 0.85, $"delivery ratio {ratio:0.000}");
        Assert.All(r.SessionSeconds, s => Assert.True(s >= 3.0, $"session {s:0.000}s shorter than 3 s"));
        Assert.NotNull(r.ServerCpu.Single().Seconds);
        Assert.NotNull(r.RedisDelta);
        Assert.True(r.RedisDelta.OutputBytes > 0);
        // Every counted message carried its send time: one latency each, none negative, none beyond the session.
        Assert.Equal(r.Received, r.Latencies.Count);
        Assert.All(r.Latencies, l => Assert.InRange(l, -0.001f, 5f));

        // The timeline: read once a second from the start, and once more when every user is done, so its last
        // reading is the run's totals and no session is left open.
        Assert.True(r.Timeline.Count >= 4, $"{r.Timeline.Count} samples over a {r.WallSeconds:0.0} s run");
        Assert.Equal(0, r.Timeline[0].Seconds);
        Assert.Equal(r.Received, r.Timeline[^1].Received);
        Assert.Equal(r.Sent, r.Timeline[^1].Sent);
        Assert.Equal(0, r.Timeline[^1].OpenSessions);
        Assert.Contains(r.Timeline, s => s.OpenSessions == users);
        Assert.True(r.Timeline.Zip(r.Timeline.Skip(1))
            .All(p => p.Second.Received >= p.First.Received && p.Second.Seconds > p.First.Seconds));
    }

    [Fact]
    public async Task Cli_writes_a_measured_report_that_round_trips()
    {
        string json = Path.Combine(Path.GetTempPath(), $"loadgen-test-{Guid.NewGuid():N}.json");
        try
        {
            (int code, string output) = await RunCliAsync(["load", "--url", servers.Url("cli"), "--users", "3",
                "--interval", "500ms",
                "--session", "1", "--sessions", "1", "--name", "cli-test", "--subscription", "per-connection",
                "--task-vcpu", "0.5",
                "--redis-egress-mbps", "20", "--json", json]);
            Assert.True(code == 0, output);
            Assert.Contains("ws_msgs_received", output, StringComparison.Ordinal);
            RunReport report = RunReportJson.Deserialize(await File.ReadAllTextAsync(json,
                TestContext.Current.CancellationToken));
            Assert.Equal(RunReport.MeasuredSource, report.Source);
            Assert.Equal(RunReport.CurrentSchema, report.Schema);
            Assert.Equal("cli-test", report.Setup.Name);
            Assert.Equal(3, report.Setup.Users);
            Assert.Equal(0.5, report.Setup.TaskVcpu);
            Assert.Equal(20, report.Setup.RedisEgressMbps);
            Assert.Equal(report.Metrics.WsMsgsSent * 3, report.Metrics.Expected);
            Assert.True(report.Metrics.WsMsgsReceived > 0);
            Assert.NotNull(report.DeliveryLatency);
            Assert.Equal(report.Metrics.WsMsgsReceived, report.DeliveryLatency.Samples);
            Assert.True(report.DeliveryLatency.P50 <= report.DeliveryLatency.P99);
            Assert.True(report.Environment.ContainsKey("loadgen_cpu_seconds"));
            TimeSeries series = Assert.IsType<TimeSeries>(report.TimeSeries);
            Assert.Equal(RunReport.MeasuredSource, series.Source);
            // Rates times interval lengths add back up to the run's totals.
            double received = series.Samples
                .Select((s, i) => s.DeliveredPerSecond * (s.Time - (i == 0 ? 0 : series.Samples[i - 1].Time)))
                .Sum();
            Assert.Equal(report.Metrics.WsMsgsReceived, received, 0.5);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task Cli_drives_each_room_class_of_a_scenario_with_its_own_traffic_and_records_it()
    {
        // Class 1 ticks every 0.5 s (the top level), class 2 every 1 s up to 0.2 s late with drawn sizes: in a 3 s
        // session a user of class 1 sends 5 (6 if the racing tick wins), one of class 2 exactly 2.
        string dir = Path.Combine(Path.GetTempPath(), $"loadgen-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string scenario = Path.Combine(dir, "traffic.yaml");
        string json = Path.Combine(dir, "run.json");
        await File.WriteAllTextAsync(scenario, """
            rooms:
              - count: 1
                size: 3
              - count: 1
                size: 3
                interval: 1s
                send_jitter: 0.2s
                message_bytes: {distribution: uniform, min: 300, max: 900}
            interval: 500ms
            redis_node: local-unshaped
            profile: local
            """, TestContext.Current.CancellationToken);
        try
        {
            (int code, string output) = await RunCliAsync(["load", "--url", servers.Url("traffic"), "--rooms-from",
                scenario, "--session", "3", "--sessions", "1", "--name", "traffic-test", "--json", json]);
            Assert.True(code == 0, output);
            RunReport report = RunReportJson.Deserialize(await File.ReadAllTextAsync(json,
                TestContext.Current.CancellationToken));
            RunSetup setup = report.Setup;
            Assert.Equal((6, 0.5), (setup.Users, setup.IntervalSeconds));
            Assert.Equal(
                [
                    new RunRoomClass(1, 3),
                    new RunRoomClass(1, 3)
                    {
                        IntervalSeconds = 1, SendJitterSeconds = 0.2,
                        MessageBytes = new RunMessageSize(Distribution: "uniform", Min: 300, Max: 900),
                    },
                ],
                setup.Rooms!);
            IReadOnlyList<RoomClassMetrics> classes = report.RoomClasses!;
            Assert.InRange(classes[0].Sent, 15, 18);
            Assert.Equal(6, classes[1].Sent);
            Assert.Equal(("every 1 s + up to 0.2 s", "uniform 300-900 B, mean 600"),
                (classes[1].Sends, classes[1].MessageBytes));
            // Padded messages are delivered and counted as their room's like the unpadded ones.
            Assert.Equal("0", report.Environment["foreign_messages"]);
            Assert.InRange(classes[1].Received, 0.95 * 6 * 3, 6 * 3);
            Assert.InRange(classes[0].Received, 0.95 * 15 * 3, classes[0].Expected);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Cli_runs_a_scenarios_churn_for_real_and_owes_each_message_to_the_members_present()
    {
        // 6 users in two rooms of 3: sessions exponential with a mean of 1 s, gaps exponential with a mean of 0.3 s,
        // until 4 s: each user makes about three sessions, so reconnects happen while the others send.
        string dir = Path.Combine(Path.GetTempPath(), $"loadgen-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string scenario = Path.Combine(dir, "churn.yaml");
        string json = Path.Combine(dir, "run.json");
        await File.WriteAllTextAsync(scenario, """
            rooms:
              - count: 2
                size: 3
            interval: 200ms
            session: {distribution: exponential, mean: 1s}
            reconnect: {distribution: exponential, mean: 300ms}
            duration: 4s
            redis_node: local-unshaped
            profile: local
            """, TestContext.Current.CancellationToken);
        try
        {
            (int code, string output) = await RunCliAsync(["load", "--url", servers.Url("churn"), "--rooms-from",
                scenario, "--name", "churn-test", "--json", json]);
            Assert.True(code == 0, output);
            TestContext.Current.TestOutputHelper?.WriteLine(output);
            Assert.Contains("expected (sent x present)", output, StringComparison.Ordinal);
            RunReport report = RunReportJson.Deserialize(await File.ReadAllTextAsync(json,
                TestContext.Current.CancellationToken));
            RunSetup setup = report.Setup;
            Assert.Equal((new RunDuration(Distribution: "exponential", Mean: 1),
                    new RunDuration(Distribution: "exponential", Mean: 0.3), (double?)4),
                (setup.SessionLaw, setup.Reconnect, setup.DurationSeconds));
            RunMetrics m = report.Metrics;
            Assert.Equal(0, m.WsConnectFailures);
            // Every session after a user's first is a reconnect, and there were some.
            ChurnMetrics churn = m.Churn!;
            Assert.Equal(m.WsSessions - 6, churn.Connects);
            Assert.True(churn.Connects >= 3, $"{churn.Connects} reconnects");
            // Owed to the members present: the sender at least, never more than its room.
            Assert.InRange(m.Expected, m.WsMsgsSent + 1, m.WsMsgsSent * 3 - 1);
            // Each opened session's connect time and each close's, printed under their JSON names.
            Assert.True(m.WsConnecting is { Min: > 0 } connecting && connecting.Max < m.WsSessionDuration.Max,
                $"ws_connecting {m.WsConnecting}");
            Assert.True(m.WsClosing is { Min: > 0 }, $"ws_closing {m.WsClosing}");
            Assert.Contains("ws_connecting...", output, StringComparison.Ordinal);
            Assert.Equal(m.Expected, report.RoomClasses!.Single().Expected);
            // Nothing lost beyond members dialling or closing when a message went out.
            Assert.InRange(m.DeliveryRatio, 0.9, 1.01);
            // Users stop reconnecting at 4 s, and the open sessions are closed then.
            Assert.InRange(m.DurationSeconds, 4, 9);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--users", "0", "--users")]
    [InlineData("--interval", "-1", "--interval")]
    public async Task Cli_bad_input_exits_2_and_writes_nothing(string option, string value, string named)
    {
        string json = Path.Combine(Path.GetTempPath(), $"loadgen-test-{Guid.NewGuid():N}.json");
        (int code, string output) = await RunCliAsync(["load", "--url", servers.Url("bad"), option, value, "--json",
            json]);
        Assert.Equal(2, code);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public async Task Cli_refuses_non_loopback_and_missing_url()
    {
        (int code, string output) = await RunCliAsync(["load", "--url", "ws://203.0.113.5:5001/ws/r"]);
        Assert.Equal(2, code);
        Assert.Contains("loopback", output, StringComparison.Ordinal);
        (code, output) = await RunCliAsync(["load", "--users", "3"]);
        Assert.Equal(2, code);
        Assert.Contains("--url", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunCliAsync(string[] args)
    {
        Assert.True(File.Exists(RepoPaths.CliDll), "CLI not built: " + RepoPaths.CliDll);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        psi.ArgumentList.Add(RepoPaths.CliDll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hang, not a speed check: a cold CLI on a 2-core machine under a parallel test run (load
        // 20) took more than 40 s for a 4 s load.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("fanoutsim load did not finish within 120 s");
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
