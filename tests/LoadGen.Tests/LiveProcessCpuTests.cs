using System.Net;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>The per-process CPU block of a real run against a real redis-server and the real chat server.</summary>
public sealed class LiveProcessCpuTests(LiveServers servers) : IClassFixture<LiveServers>
{
    [Fact]
    public async Task A_real_run_records_each_process_cpu_and_it_adds_up()
    {
        var plan = new LoadPlan([new Uri(servers.Url("perproc"))], 20, TimeSpan.FromSeconds(0.1),
            TimeSpan.FromSeconds(2), 2, TimeSpan.Zero, TimeSpan.FromSeconds(30), 1);
        var probes = new ProbeTargets([servers.ChatPid], new IPEndPoint(IPAddress.Loopback, servers.RedisPort))
        {
            OwnPids = [servers.RedisPid],
        };
        // The run reads the server's clock, then asks its /metrics for the drop count before the track starts: a
        // cold server's first /metrics answer (its JIT) would fall between the reads, in the run's CPU, not its track.
        await ServerDropProbe.ReadTotalAsync(ServerDropProbe.MetricsUrls(plan.Urls), TimeSpan.FromSeconds(5));

        LoadResult r = await LoadRunner.RunAsync(plan, probes, TestContext.Current.CancellationToken);
        RunReport report = LoadReportBuilder.Build(plan,
            new RunLabels("perproc", SubscriptionMode.PerConnection, 1, 2, null, new Dictionary<string, string>()),
            r, new Dictionary<string, string>());

        ProcessCpuTimeline p = report.ProcessCpu!;
        Assert.Equal(["task1", "redis-server", "loadgen"], p.Processes.Select(t => t.Name));
        Assert.Equal(report.TimeSeries!.Samples.Count, p.Time.Count);
        Assert.All(p.Processes, t => Assert.Equal(p.Time.Count, t.CpuSeconds.Count));
        Assert.All(p.Processes, t => Assert.All(t.CpuSeconds, c => Assert.True(c >= 0, $"{t.Name}: {c}")));
        Assert.Empty(p.Cgroups);
        // The server's track is its clock read each second, inside the window of the start and end reads: over the run
        // it is what they say, less what the server did between them and the track's ends (a warm /metrics answer),
        // in whole 10 ms ticks (the 1e-9 keeps a difference of exactly five ticks from failing on rounding).
        double server = p.Processes[0].CpuSeconds.Sum(c => c!.Value);
        double whole = r.ServerCpu[0].Seconds!.Value;
        Assert.True(server > 0.05, $"server used {server} s");
        Assert.InRange(server, whole - 0.05 - 1e-9, whole + 1e-9);
        Assert.True(p.Processes[1].CpuSeconds.Sum(c => c!.Value) > 0, "redis used no CPU");
        Assert.InRange(p.Processes[2].CpuSeconds.Sum(c => c!.Value), 0.8 * r.LoadGenCpuSeconds - 0.05,
            r.LoadGenCpuSeconds + 0.05);
        // No interval holds more CPU than the machine has (one tick of slack per process for the clocks' rounding).
        double previous = 0;
        for (int i = 0; i < p.Time.Count; i++)
        {
            double used = p.Processes.Sum(t => t.CpuSeconds[i]!.Value);
            Assert.True(used <= (p.Time[i] - previous) * r.CoresAvailable + 0.01 * p.Processes.Count + 0.02,
                $"interval {i}: {used} CPU-s in {p.Time[i] - previous} s");
            previous = p.Time[i];
        }
    }
}
