using System.Text.Json;
using FanoutSim.Model.Results;

namespace FanoutSim.Model.Tests.Results;

public sealed class ResourceIdTests
{
    [Theory]
    [InlineData("task-0 cpu", ResourceKind.TaskCpu, 0, ResourceSpelling.Simulated)]
    [InlineData("task-12 cpu", ResourceKind.TaskCpu, 12, ResourceSpelling.Simulated)]
    [InlineData("task cpu", ResourceKind.TaskCpu, ResourceId.EveryTask, ResourceSpelling.Simulated)]
    [InlineData("redis cpu", ResourceKind.RedisCpu, ResourceId.EveryTask, ResourceSpelling.Simulated)]
    [InlineData("redis egress", ResourceKind.RedisEgress, ResourceId.EveryTask, ResourceSpelling.Simulated)]
    [InlineData("none", ResourceKind.None, ResourceId.EveryTask, ResourceSpelling.Simulated)]
    [InlineData("unknown", ResourceKind.Unknown, ResourceId.EveryTask, ResourceSpelling.Simulated)]
    [InlineData("task1_cpu", ResourceKind.TaskCpu, 0, ResourceSpelling.Measured)]
    [InlineData("task3_cpu", ResourceKind.TaskCpu, 2, ResourceSpelling.Measured)]
    [InlineData("task_cpu", ResourceKind.TaskCpu, ResourceId.EveryTask, ResourceSpelling.Measured)]
    [InlineData("redis_egress", ResourceKind.RedisEgress, ResourceId.EveryTask, ResourceSpelling.Measured)]
    [InlineData("loadgen_cpu", ResourceKind.LoadGenCpu, ResourceId.EveryTask, ResourceSpelling.Measured)]
    [InlineData("redis-0 cpu", ResourceKind.RedisCpu, 0, ResourceSpelling.Simulated)]
    [InlineData("redis-2 egress", ResourceKind.RedisEgress, 2, ResourceSpelling.Simulated)]
    [InlineData("redis1_cpu", ResourceKind.RedisCpu, 0, ResourceSpelling.Measured)]
    [InlineData("redis3_egress", ResourceKind.RedisEgress, 2, ResourceSpelling.Measured)]
    [InlineData("task-0 memory", ResourceKind.TaskMemory, 0, ResourceSpelling.Simulated)]
    [InlineData("task-7 memory", ResourceKind.TaskMemory, 7, ResourceSpelling.Simulated)]
    [InlineData("task2_memory", ResourceKind.TaskMemory, 1, ResourceSpelling.Measured)]
    public void A_name_reports_have_carried_parses_to_its_kind_and_prints_back_unchanged(
        string text, ResourceKind kind, int index, ResourceSpelling spelling)
    {
        var id = ResourceId.Parse(text);

        Assert.Equal(new ResourceId(kind, index, spelling), id);
        Assert.Equal(text, id.ToString());
    }

    [Fact]
    public void Simulated_resources_print_as_the_simulator_always_named_them()
    {
        Assert.Equal("task-0 cpu", ResourceId.TaskCpu(0).ToString());
        Assert.Equal("redis cpu", ResourceId.RedisCpu.ToString());
        Assert.Equal("redis egress", ResourceId.RedisEgress.ToString());
        Assert.Equal("task cpu", ResourceId.AnyTaskCpu.ToString());
        Assert.Equal("redis-1 cpu", ResourceId.ShardCpu(1).ToString());
        Assert.Equal("redis-1 egress", ResourceId.ShardEgress(1).ToString());
    }

    [Fact]
    public void One_task_in_either_spelling_is_the_same_kind_and_index()
    {
        var simulated = ResourceId.Parse("task-1 cpu");
        var measured = ResourceId.Parse("task2_cpu");

        Assert.True(simulated.IsTaskCpu && measured.IsTaskCpu);
        Assert.Equal(simulated.Index, measured.Index);
    }

    [Theory]
    [InlineData("")]
    [InlineData("task-01 cpu")]
    [InlineData("task-x cpu")]
    [InlineData("task0_cpu")]
    [InlineData("Redis CPU")]
    [InlineData("redis-01 egress")]
    [InlineData("redis0_cpu")]
    [InlineData("redis- cpu")]
    public void Text_no_report_writes_does_not_parse(string text)
    {
        Assert.False(ResourceId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ResourceId.Parse(text));
    }

    [Fact]
    public void A_usage_and_a_bottleneck_keep_their_json_text()
    {
        var usage = new ResourceUsage(ResourceId.TaskCpu(0), 0.5, 1, 2);

        string json = JsonSerializer.Serialize(usage, RunReportJson.Options);
        ResourceUsage back = JsonSerializer.Deserialize<ResourceUsage>(json, RunReportJson.Options)!;

        Assert.Contains("\"name\": \"task-0 cpu\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"id\"", json, StringComparison.Ordinal);
        Assert.Equal(usage, back);
    }

    [Fact]
    public void A_measured_run_file_reads_its_resources_as_kinds_and_writes_the_same_names()
    {
        string runs = Path.Combine(RepoRoot(), "calibration", "runs");
        foreach (string file in Directory.GetFiles(runs, "*.json"))
        {
            string json = File.ReadAllText(file);
            RunReport report = RunReportJson.Deserialize(json);

            string again = RunReportJson.Serialize(report);
            Assert.All(report.Resources,
                r => Assert.Contains($"\"name\": \"{r.Name}\"", json, StringComparison.Ordinal));
            Assert.Contains($"\"bottleneck\": \"{report.Bottleneck}\"", json, StringComparison.Ordinal);
            Assert.Equal(Names(json), Names(again));
        }
    }

    [Fact]
    public void An_unknown_resource_name_in_a_run_file_is_a_json_error()
    {
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<ResourceUsage>("{\"name\": \"gpu\"}", RunReportJson.Options));
    }

    private static List<string> Names(string json) =>
        json.Split('\n').Where(l => l.Contains("\"name\"", StringComparison.Ordinal) ||
            l.Contains("\"bottleneck\"", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "FanoutSim.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
