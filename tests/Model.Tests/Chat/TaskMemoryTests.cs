using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A task's memory in use is its base, plus each open connection's memory, plus what it buffers; its peak is reported,
/// and a task whose peak passes its size is said to have run out.
/// </summary>
public class TaskMemoryTests
{
    /// <summary>
    /// Users who never send (the interval outlasts the session), all dialling at once: nothing is ever buffered.
    /// </summary>
    private static Scenario Quiet(int users, int tasks, double connectionKb, double taskMemoryGb = 2) =>
        TestScenarios.Room(users, interval: 100, sessions: 1, tasks: tasks,
            profile: TestScenarios.Instant with { ConnectionMemoryKb = connectionKb }) is var s
            ? s with { Deployment = s.Deployment with { TaskMemoryGb = taskMemoryGb } }
            : throw new InvalidOperationException();

    [Fact]
    public void With_nothing_buffered_the_peak_is_the_base_plus_every_open_connection()
    {
        RunReport report = ScenarioRunner.Run(Quiet(users: 300, tasks: 3, connectionKb: 250));

        TaskMemoryPeak memory = report.TaskMemory!;
        Assert.Equal(0, report.Metrics.WsMsgsSent);
        Assert.Equal(100, memory.ConnectionsAtPeak);
        Assert.Equal(0.15 + 100 * 250e-6, memory.PeakGb, 12);
        Assert.Equal(250, memory.ConnectionMemoryKb);
        Assert.Equal(2, memory.TaskMemoryGb);
        Assert.False(memory.Exceeded);
        Assert.Null(memory.ExceededAtSeconds);
    }

    [Fact]
    public void The_peak_grows_with_the_connections_a_task_holds()
    {
        double[] peaks = [.. new[] { 100, 200, 400 }
            .Select(users => ScenarioRunner.Run(Quiet(users, tasks: 2, connectionKb: 100)).TaskMemory!.PeakGb)];

        Assert.Equal(0.15 + 50 * 100e-6, peaks[0], 12);
        Assert.Equal(0.15 + 100 * 100e-6, peaks[1], 12);
        Assert.Equal(0.15 + 200 * 100e-6, peaks[2], 12);
    }

    [Fact]
    public void A_task_whose_connections_pass_its_size_has_run_out_of_memory_and_is_the_bottleneck()
    {
        // 500 connections of 1 MB on each task of 0.5 GB: past its size from the first few hundred.
        RunReport report = ScenarioRunner.Run(Quiet(users: 1000, tasks: 2, connectionKb: 1000, taskMemoryGb: 0.5));

        TaskMemoryPeak memory = report.TaskMemory!;
        Assert.True(memory.Exceeded);
        Assert.Equal(0.0, memory.ExceededAtSeconds);
        Assert.True(memory.PeakGb > memory.TaskMemoryGb);
        Assert.Equal(ResourceId.TaskMemory(memory.Task), report.Bottleneck);
    }

    [Fact]
    public void Connections_hold_no_memory_unless_the_profile_gives_them_some()
    {
        RunReport report = ScenarioRunner.Run(Quiet(users: 100, tasks: 1, connectionKb: 0));

        Assert.Null(report.TaskMemory);
    }

    [Fact]
    public void Connection_memory_takes_the_room_buffered_messages_would_have_had()
    {
        // A task a quarter of a core can keep up with only by buffering, with 2 MB beside its base (2000 messages);
        // 200 connections of 8 kB take 1.6 MB of it.
        Scenario busy = TestScenarios.Room(200, interval: 1, sessions: 1, vcpu: 0.25) is var s
            ? s with { Deployment = s.Deployment with { TaskMemoryGb = 0.152 } }
            : throw new InvalidOperationException();
        RunReport free = ScenarioRunner.Run(busy);
        RunReport held = ScenarioRunner.Run(busy with { Profile = busy.Profile with { ConnectionMemoryKb = 8 } });

        Assert.True(free.Metrics.Dropped > 0);
        Assert.True(held.Metrics.Dropped > free.Metrics.Dropped,
            $"dropped {held.Metrics.Dropped} with connection memory, {free.Metrics.Dropped} without");
        Assert.True(held.TaskMemory!.PeakGb <= 0.152 + 1e-12);
    }
}
