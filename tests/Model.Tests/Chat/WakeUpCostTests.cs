using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// wake_cpu: work that reaches an idle task pays one wake-up with its first job; every job of the busy stretch that
/// follows runs at its own cost. round_cpu: each round of the event loop costs that much, shared evenly by the lanes
/// in line when it began. A task without either field runs exactly as before.
/// </summary>
public class WakeUpCostTests
{
    private const double Op = 0.002;
    private const double Wake = 0.001;

    // One core, no jitter, no drift, no quota, no overheads: a job of w CPU-seconds takes w wall seconds.
    private static TaskCpu Cpu(double wake, double round = 0)
    {
        CostProfile profile = TestScenarios.Instant with
        {
            UsableCoresPerTask = 1,
            WakeCpuSeconds = wake,
            RoundCpuSeconds = round,
        };
        Scenario scenario = TestScenarios.Room(10, profile: profile, vcpu: 1);
        var simulation = new ChatSimulation(scenario, 1);
        return new TaskCpu(0, simulation.Context, new RandomStreams(1));
    }

    /// <summary>Lanes of one job of <see cref="Op"/> each, recording how long each job took.</summary>
    private readonly struct OneJobEach : ILaneWork
    {
        private readonly TaskCpu _cpu;

        public OneJobEach(TaskCpu cpu)
        {
            _cpu = cpu;
        }

        public List<double> Durations { get; } = [];

        public double Horizon => double.PositiveInfinity;

        public double Duration(double start, double work) => _cpu.Duration(start, work);

        public double NextJobWork(int lane, double start) => Op;

        public LaneNext CompleteJob(int lane, double start, double finish)
        {
            Durations.Add(finish - start);
            return LaneNext.Idle;
        }
    }

    /// <summary>Runs only the jobs that start by its horizon.</summary>
    private readonly struct StopAfter : ILaneWork
    {
        private readonly TaskCpu _cpu;

        public StopAfter(TaskCpu cpu, double horizon)
        {
            _cpu = cpu;
            Horizon = horizon;
        }

        public double Horizon { get; }

        public double Duration(double start, double work) => _cpu.Duration(start, work);

        public double NextJobWork(int lane, double start) => Op;

        public LaneNext CompleteJob(int lane, double start, double finish) => LaneNext.Idle;
    }

    private static List<double> RunLanes(TaskCpu cpu, double now, params int[] lanes)
    {
        foreach (int lane in lanes)
        {
            cpu.Enqueue(lane, now);
        }
        var work = new OneJobEach(cpu);
        cpu.Run(ref work);
        return work.Durations;
    }

    [Fact]
    public void An_operation_alone_costs_its_own_cpu_plus_one_wake_up()
    {
        TaskCpu cpu = Cpu(Wake);
        Assert.Equal(Op + Wake, Assert.Single(RunLanes(cpu, 1, 0)), 12);
        Assert.Equal(1, cpu.WakeUps);
    }

    [Fact]
    public void Operations_that_arrive_together_share_one_wake_up()
    {
        TaskCpu cpu = Cpu(Wake);
        List<double> durations = RunLanes(cpu, 1, 0, 1, 2);
        Assert.Equal([Op + Wake, Op, Op], durations.Select(d => Math.Round(d, 12)));
        Assert.Equal(1, cpu.WakeUps);
    }

    [Fact]
    public void Work_that_arrives_while_the_task_is_busy_pays_no_wake_up()
    {
        TaskCpu cpu = Cpu(Wake);
        RunLanes(cpu, 1, 0);
        // The first job runs until 1 + Op + Wake: a lane ready before then joins its stretch.
        Assert.Equal(Op, Assert.Single(RunLanes(cpu, 1 + Op, 1)), 12);
        Assert.Equal(1, cpu.WakeUps);
    }

    [Fact]
    public void Work_that_arrives_after_the_task_went_idle_wakes_it_again()
    {
        TaskCpu cpu = Cpu(Wake);
        RunLanes(cpu, 1, 0);
        Assert.Equal(Op + Wake, Assert.Single(RunLanes(cpu, 2, 1)), 12);
        Assert.Equal(2, cpu.WakeUps);
    }

    [Fact]
    public void Without_the_field_an_operation_costs_its_own_cpu_only()
    {
        TaskCpu cpu = Cpu(0);
        Assert.Equal(Op, Assert.Single(RunLanes(cpu, 1, 0)), 12);
        Assert.Equal(0, cpu.WakeUps);
    }

    [Fact]
    public void A_job_alone_pays_a_whole_round()
    {
        TaskCpu cpu = Cpu(0, round: Wake);
        Assert.Equal(Op + Wake, Assert.Single(RunLanes(cpu, 1, 0)), 12);
        Assert.Equal(1, cpu.Rounds);
    }

    [Fact]
    public void The_lanes_in_line_when_a_round_begins_share_it_evenly()
    {
        TaskCpu cpu = Cpu(0, round: 0.003);
        List<double> durations = RunLanes(cpu, 1, 0, 1, 2);
        Assert.Equal([Op + 0.001, Op + 0.001, Op + 0.001], durations.Select(d => Math.Round(d, 12)));
        Assert.Equal(1, cpu.Rounds);
    }

    [Fact]
    public void A_lane_that_arrives_during_a_round_waits_for_the_next_one()
    {
        TaskCpu cpu = Cpu(0, round: 0.002);
        cpu.Enqueue(0, 1);
        cpu.Enqueue(1, 1);
        var first = new OneJobEach(cpu);
        // Lanes 0 and 1 make the first round (0.001 each); lane 2, in line before lane 1 ran, is a round of its own.
        var stopAfterOne = new StopAfter(cpu, 1 + 0.0001);
        cpu.Run(ref stopAfterOne);
        cpu.Enqueue(2, 1 + Op);
        cpu.Run(ref first);
        Assert.Equal([Op + 0.001, Op + 0.002], first.Durations.Select(d => Math.Round(d, 12)));
        Assert.Equal(2, cpu.Rounds);
    }

    [Fact]
    public void Without_the_fields_a_run_is_what_it_was()
    {
        Scenario scenario = TestScenarios.Room(60, vcpu: 0.25, ramp: 1);
        ChatOutcome before = new ChatSimulation(scenario, 7).Run();
        ChatOutcome after = new ChatSimulation(scenario with
        {
            Profile = scenario.Profile with { WakeCpuSeconds = 0, RoundCpuSeconds = 0 },
        }, 7).Run();
        Assert.Equal(before.Metrics, after.Metrics);
        Assert.Equal(before.Resources, after.Resources);
    }

    [Fact]
    public void A_lightly_loaded_task_pays_for_its_wake_ups_and_an_overloaded_one_hardly_does()
    {
        // The same CPU charged per operation costs an overloaded task as much as a light one; charged per wake-up it
        // fades as the task's stretches merge, so deliveries get cheaper under load.
        static double CpuShare(int users, CostProfile profile) =>
            new ChatSimulation(TestScenarios.Room(users, vcpu: 0.25, ramp: 1, profile: profile), 7).Run()
                .Resources.Single(r => r.Id == ResourceId.TaskCpu(0)).Utilization;

        static double Delivered(int users, CostProfile profile) =>
            new ChatSimulation(TestScenarios.Room(users, vcpu: 0.25, ramp: 1, profile: profile), 7).Run()
                .Metrics.DeliveredPerSecond;

        CostProfile plain = TestScenarios.Python with { IdlePollCpuPerConnection = 0 };
        CostProfile waking = plain with { WakeCpuSeconds = 0.002 };
        Assert.True(CpuShare(5, waking) > CpuShare(5, plain) + 0.005,
            $"light task: {CpuShare(5, waking):P2} with wake-ups, {CpuShare(5, plain):P2} without");
        double overloaded = Delivered(120, plain);
        Assert.InRange(Delivered(120, waking), 0.95 * overloaded, 1.05 * overloaded);
    }
}
