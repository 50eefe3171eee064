using System.Globalization;
using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// Every committed run file still reads, old ones with ramp, memory and Redis link as they were read before.
/// </summary>
public class CommittedRunFilesTests
{
    public static TheoryData<string> RunFiles() =>
        new(new[] { "runs", "cold-start", "runtime-probes", "python-runs", "transfer/session-b", "pinning",
                "drop-runs" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", d),
                "*.json"))
            .Select(f => Path.GetRelativePath(ScenarioWorkspace.RepositoryRoot(), f)));

    [Theory]
    [MemberData(nameof(RunFiles))]
    public void A_committed_run_file_reads_with_the_legacy_ramp_memory_and_link(string file)
    {
        string path = Path.Combine(ScenarioWorkspace.RepositoryRoot(), file);
        CalibrationRun run = CalibrationInputs.Read(path);
        RunReport report = RunReportJson.Deserialize(File.ReadAllText(path));
        double ramp = report.Environment.TryGetValue("ramp_seconds", out string? text)
            ? double.Parse(text, CultureInfo.InvariantCulture)
            : 0;
        Assert.Equal(ramp, run.RampSeconds);
        Assert.Equal(2, run.TaskMemoryGb);
        Assert.Null(run.RedisNode);
        Assert.Equal(run.Setup.RedisEgressMbps is null ? RedisLink.Unshaped : RedisLink.Shaped, run.Setup.RedisLink);
    }

    [Fact]
    public void A_drop_run_records_the_queue_and_burst_its_name_gives()
    {
        string dir = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "drop-runs");
        foreach (string file in Directory.GetFiles(dir, "*.json"))
        {
            RunSetup s = CalibrationInputs.Read(file).Setup;
            string queue = Path.GetFileName(file).Split("-qkb")[1].Split('.')[0];
            Assert.Equal((128.0, double.Parse(queue, CultureInfo.InvariantCulture)),
                (s.RedisShapingBucketKb, s.RedisShapingQueueKb));
        }
    }

    [Theory]
    [InlineData("case-a")]
    [InlineData("case-b")]
    public void A_k6_pair_reads_its_setup_from_the_deployment_file(string name)
    {
        string path = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "k6", name + ".summary.json");
        RunSetup s = CalibrationInputs.Read(path).Setup;
        Assert.Equal((name, RedisLink.CatalogNode, "cache.t4g.small"), (s.Name, s.RedisLink, s.RedisNode));
        Assert.Equal((0.0, 2.0, LoadBalancing.RoundRobin, SubscriptionMode.PerConnection),
            (s.RampSeconds, s.TaskMemoryGb, s.LoadBalancer, s.Subscription));
    }

    [Fact]
    public void A_rooms_run_written_before_classes_had_traffic_reads_as_before_every_class_sending_as_the_run()
    {
        string dir = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "rooms-runs");
        // Runs measured later with class traffic (--rooms-from) say so in their classes; the rest are the old ones.
        string[] files = Directory.GetFiles(dir, "*.json").Where(WrittenWithCountsAndSizesOnly).ToArray();
        Assert.True(files.Length >= 16, $"{files.Length} rooms runs of counts and sizes only");
        foreach (string file in files)
        {
            RunSetup s = CalibrationInputs.Read(file).Setup;
            Assert.All(s.Rooms!, c => Assert.True(c.SendsAsTheRun, file));
            Workload w = RunSetups.Workload(s);
            Assert.All(w.RoomClasses,
                c => Assert.Equal((w.Timing, (MessageSize?)null), (w.TimingOf(c), c.MessageSize)));
            // Written back, a class says no more than its count and size: the file's own rooms.
            string rooms = System.Text.Json.JsonSerializer.Serialize(s.Rooms, RunReportJson.Options);
            using var recorded = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(
                string.Concat(recorded.RootElement.GetProperty("setup").GetProperty("rooms").GetRawText()
                    .Where(c => !char.IsWhiteSpace(c))),
                string.Concat(rooms.Where(c => !char.IsWhiteSpace(c))));
        }
    }

    private static bool WrittenWithCountsAndSizesOnly(string file)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.GetProperty("setup").GetProperty("rooms").EnumerateArray()
            .All(c => c.EnumerateObject().All(p => p.Name is "count" or "size"));
    }
}
