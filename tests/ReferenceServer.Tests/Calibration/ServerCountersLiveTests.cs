using System.Text.Json.Nodes;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.LoadGen;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>The harness' counter snapshots around a real `fanoutsim load` run against the replica (no quota): what
/// the replica says it read, published and wrote is what the load generator sent and counted.</summary>
public sealed class ServerCountersLiveTests
{
    [Theory]
    [InlineData(Scenario.PerConnection, false)]
    [InlineData(Scenario.PerTask, false)]
    [InlineData(Scenario.PerConnection, true)]
    [InlineData(Scenario.PerTask, true)]
    public async Task Counters_match_what_the_load_generator_sent(string mode, bool stepTimes)
    {
        const int users = 4;
        await using ReferenceStack stack = await ReferenceStack.StartAsync(mode,
            stepTimes ? ["--step-times", "1"] : []);
        string dir = Directory.CreateTempSubdirectory("server-counters-live-").FullName;
        try
        {
            string url = stack.Server.RoomUri(Scenario.NewRoom()).ToString();
            string before = Path.Combine(dir, "before.json");
            string end = Path.Combine(dir, "end.json");
            string settled = Path.Combine(dir, "settled.json");
            await AssertRunsAsync("snapshot", "--out", before, url);
            var plan = new LoadPlan([new Uri(url)], users, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2), 1,
                TimeSpan.Zero, TimeSpan.FromSeconds(30), 1);

            LoadResult result = await LoadRunner.RunAsync(plan, ProbeTargets.None,
                TestContext.Current.CancellationToken);

            await AssertRunsAsync("snapshot", "--out", end, url);
            await AssertRunsAsync("snapshot", "--wait-idle", "20", "--out", settled, url);
            string run = Path.Combine(dir, "run.json");
            await File.WriteAllTextAsync(run, """{"metrics": {}}""", TestContext.Current.CancellationToken);
            await AssertRunsAsync("record", run, before, end, settled);
            JsonNode counters = JsonNode.Parse(await File.ReadAllTextAsync(run,
                TestContext.Current.CancellationToken))!["server_counters"]!["settled"]!;
            Assert.True(result.Sent > 0);
            Assert.Equal(result.Sent, (long)counters["messages_in"]!);
            Assert.Equal(result.Sent, (long)counters["published"]!);
            Assert.Equal(0L, (long)counters["ignored_while_closing"]!);
            // Every copy a client counted was written by the replica; one written as a client closed is not counted.
            Assert.InRange((long)counters["messages_out"]!, result.Received, result.Sent * users);
            // Per connection every member reads its own copy from Redis; per task, one reader per room. A copy
            // published as its last member left may be read by nobody.
            long fromRedis = (long)counters["copies_from_redis"]!;
            long mostFromRedis = mode == Scenario.PerTask ? result.Sent : result.Sent * users;
            Assert.InRange(fromRedis, mode == Scenario.PerTask ? 1 : result.Received, mostFromRedis);
            // Per task a member's writer waits before its first copy and after each turn that emptied its queue (one
            // wait may end in the close instead of a copy); per connection nothing waits on a queue.
            long waits = (long)counters["writer_waits"]!;
            long mostWaits = mode == Scenario.PerTask ? (long)counters["messages_out"]! + users : 0;
            Assert.InRange(waits, mode == Scenario.PerTask ? 1 : 0, mostWaits);
            // Subscribers poll without blocking, so most polls find nothing; the collector runs under any load and
            // every run it counts took some CPU.
            Assert.True((long)counters["empty_polls"]! > (long)counters["copies_from_redis"]!);
            // Every subscriber turn reads at least one copy, and the first copy a subscriber reads begins one.
            Assert.InRange((long)counters["poll_turns"]!, 1, fromRedis);
            // A burst is a loop step with at least one write, so it holds one copy or more; a run that wrote has one.
            long written = (long)counters["messages_out"]! + (long)counters["send_failures"]!;
            long bursts = (long)counters["send_bursts"]!;
            Assert.InRange(bursts, 1, written);
            // Only a per-task member's queue can be seen to hold copies when its writer's burst ends.
            Assert.InRange((long)counters["bursts_with_copies_left"]!, 0, mode == Scenario.PerTask ? bursts : 0);
            // The steps that never yield are timed only when asked; then every kind that ran took some CPU (the
            // reader's hand-out to queues runs per task only).
            foreach (string step in (string[])["id_cpu_ns", "persist_cpu_ns", "send_cpu_ns", "fanout_cpu_ns"])
            {
                bool runs = stepTimes && (step != "fanout_cpu_ns" || mode == Scenario.PerTask);
                long spent = (long)counters[step]!;
                Assert.True(runs ? spent > 0 : spent == 0, $"{step} = {spent}");
            }
            // A blocking call holds the loop at least as long in wall time as the CPU it took; a PUBLISH's answer is
            // waited for (timed with the steps) and takes a round trip at least.
            Assert.True((long)counters["id_wall_ns"]! >= (long)counters["id_cpu_ns"]!);
            long publishWait = (long)counters["publish_wall_ns"]!;
            Assert.True(stepTimes ? publishWait > 0 : publishWait == 0, $"publish_wall_ns = {publishWait}");
            Assert.True((long)counters["persist_wall_ns"]! >= (long)counters["persist_cpu_ns"]!);
            // Only timed sends wait apart; a run without waits on full sockets has few (a close under way).
            Assert.InRange((long)counters["sends_waited"]!, 0, stepTimes ? written : 0);
            // Every message the load generator sent carried its send stamp, so every one published has a lag: on a
            // server with nothing queued, well under a second beyond the quickest.
            JsonNode lag = JsonNode.Parse(await File.ReadAllTextAsync(run,
                TestContext.Current.CancellationToken))!["server_counters"]!["publish_lag"]!;
            Assert.Equal(result.Sent, (long)counters["publish_lags"]!);
            Assert.Equal(result.Sent, (long)lag["count"]!);
            Assert.InRange((long)lag["after_load_end"]!, 0, result.Sent);
            Assert.InRange((double)lag["p50"]!, 0, (double)lag["p95"]!);
            Assert.InRange((double)lag["p95"]!, 0, (double)lag["max"]!);
            Assert.InRange((double)lag["max"]!, 0, 1.0);
            // Every session the load generator opened was subscribed and upgraded by the handler, each step taking
            // some wall time (per connection its own Redis client's connect and SUBSCRIBE).
            Assert.Equal(result.Sessions, (long)counters["joins"]!);
            Assert.True((long)counters["join_wall_ns"]! > 0);
            Assert.True((long)counters["accept_wall_ns"]! > 0);
            long collections = (long)counters["gc_collections"]!;
            Assert.True(collections > 0);
            Assert.InRange((long)counters["gc_full_collections"]!, 0, collections);
            Assert.True((long)counters["gc_cpu_ns"]! > 0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task AssertRunsAsync(params string[] args)
    {
        (int code, string output) = await ServerCountersScript.RunAsync(args);
        Assert.True(code == 0, $"python-server-counters.py {string.Join(' ', args)}: {output}");
    }
}
