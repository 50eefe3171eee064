using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;

namespace FanoutSim.Model.Tests.Results;

public sealed class TaskMemoryPeakTests
{
    private static RunReport Small() => ScenarioRunner.Run(TestScenarios.Room(10, sessions: 1));

    [Fact]
    public void A_peak_reads_back_from_run_json_as_it_was_written()
    {
        var peak = new TaskMemoryPeak(3, 2.125, 41000, 48.5, 2, 75.25);
        string json = System.Text.Json.JsonSerializer.Serialize(peak, RunReportJson.Options);

        TaskMemoryPeak? read = System.Text.Json.JsonSerializer.Deserialize<TaskMemoryPeak>(json, RunReportJson.Options);

        Assert.Equal(peak, read);
        Assert.Contains("\"peak_gb\": 2.125", json);
        Assert.Contains("\"exceeded\": true", json);
    }

    [Fact]
    public void A_run_report_carries_its_peak_through_its_file()
    {
        RunReport report = Small() with
        {
            TaskMemory = new TaskMemoryPeak(0, 0.4, 5000, 50, 2, null),
        };

        RunReport read = RunReportJson.Deserialize(RunReportJson.Serialize(report));

        Assert.Equal(report.TaskMemory, read.TaskMemory);
        Assert.False(read.TaskMemory!.Exceeded);
    }

    [Fact]
    public void A_report_without_connection_memory_writes_no_memory_field()
    {
        Assert.DoesNotContain("\"task_memory\"", RunReportJson.Serialize(Small()));
    }

    [Fact]
    public void Over_replications_the_worst_peak_counts_and_the_earliest_time_memory_ran_out()
    {
        var worst = TaskMemoryPeak.Worst(
        [
            new TaskMemoryPeak(0, 1.9, 100, 10, 2, null),
            new TaskMemoryPeak(1, 2.3, 120, 10, 2, 40),
            new TaskMemoryPeak(2, 2.1, 110, 10, 2, 30),
        ]);

        Assert.Equal(new TaskMemoryPeak(1, 2.3, 120, 10, 2, 30), worst);
    }
}
