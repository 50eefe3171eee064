using FanoutSim.Model.Planning;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

/// <summary>
/// <see cref="TaskCpuCap"/>: what the tasks' CPU lets through a second caps the fluid bound's deliveries a second in
/// overload, below the ratio bound's figure and still above what a run delivers.
/// </summary>
public class TaskCpuCapTests
{
    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void A_room_of_160_on_a_quarter_vcpu_is_capped_below_the_ratio_bound_and_above_every_replication(
        SubscriptionMode mode)
    {
        Scenario s = TestScenarios.Room(160, sessions: 3, mode: mode, vcpu: 0.25) with { Replications = 3 };
        FluidEstimate bound = FluidBound.Of(s);
        double ratioFigure = RatioFigure(s, bound, 30);
        Assert.True(bound.MaxDeliveredPerSecond < 0.5 * ratioFigure,
            $"bound {bound.MaxDeliveredPerSecond:0.#} against the ratio bound's {ratioFigure:0.#}");
        foreach (double rate in ScenarioRunner.Run(s).Replications.Select(r => r.DeliveredPerSecond))
        {
            Assert.True(rate < bound.MaxDeliveredPerSecond,
                $"simulated {rate:0.#} a second beats the cap {bound.MaxDeliveredPerSecond:0.#}");
        }
    }

    [Fact]
    public void A_task_without_a_quota_works_at_its_cores_times_the_top_of_its_drift_and_trace()
    {
        Scenario s = TestScenarios.Room(10, vcpu: 0.5);
        Assert.Equal(0.5, TaskCpuCap.MostWorkPerSecond(s, 20), 12);
        Scenario drifting = s with { Profile = s.Profile with { CpuDrift = 0.3 } };
        Assert.Equal(0.65, TaskCpuCap.MostWorkPerSecond(drifting, 20), 12);
        Scenario traced = drifting with
        {
            Deployment = s.Deployment with { SpeedTrace = new SpeedTrace([0.8, 1.4, 0.9]) },
        };
        Assert.Equal(0.5 * 1.3 * 1.4, TaskCpuCap.MostWorkPerSecond(traced, 20), 12);
        // A trace that only slows the task leaves it at its nominal top speed beyond the trace's end.
        Scenario slowed = s with { Deployment = s.Deployment with { SpeedTrace = new SpeedTrace([0.5, 0.7]) } };
        Assert.Equal(0.5, TaskCpuCap.MostWorkPerSecond(slowed, 20), 12);
    }

    [Fact]
    public void A_quota_lets_a_task_beyond_its_vcpu_by_one_period_a_run_at_most_and_never_beyond_its_burst()
    {
        CostProfile quota = TestScenarios.Python with { UsableCoresPerTask = 2, CfsPeriodSeconds = 0.1 };
        Scenario s = TestScenarios.Room(10, vcpu: 0.5, profile: quota);
        // 0.5 vCPU a period over 10 s touches at most 101 periods of 100 ms.
        Assert.Equal(0.5 * (1 + 0.1 / 10), TaskCpuCap.MostWorkPerSecond(s, 10), 12);
        // Over a run of 10 ms the burst rate (two cores) is the limit, not the budget of the one period.
        Assert.Equal(2, TaskCpuCap.MostWorkPerSecond(s, 0.01), 12);
        Scenario throttled = s with { Profile = quota with { ThrottledBurstCores = 0.6 } };
        Assert.Equal(0.6, TaskCpuCap.MostWorkPerSecond(throttled, 0.01), 12);
    }

    [Fact]
    public void A_delivery_costs_at_least_its_write_its_reads_share_and_its_inbound_share_less_the_jitter()
    {
        CostProfile p = TestScenarios.Python with { LocalFanoutCpuSeconds = 1e-5 };
        Scenario perConnection = TestScenarios.Room(100, profile: p);
        Scenario perTask = TestScenarios.Room(100, mode: SubscriptionMode.PerTask, profile: p);
        // Jitter 0.2: every job is at least 0.8 of its cost.
        Assert.Equal(0.8 * (78e-6 + 20e-6 + 2e-3 / 100), TaskCpuCap.LeastCpuPerDelivery(perConnection, true), 15);
        Assert.Equal(0.8 * (78e-6 + 1e-5 + 20e-6 / 100 + 2e-3 / 100),
            TaskCpuCap.LeastCpuPerDelivery(perTask, true), 15);
        // Where every send's inbound job is charged as fixed work, a delivery does not pay a share of it again.
        Assert.Equal(0.8 * (78e-6 + 20e-6), TaskCpuCap.LeastCpuPerDelivery(perConnection, false), 15);
    }

    [Fact]
    public void The_cheapest_room_class_sets_the_least_cost_a_delivery()
    {
        CostProfile p = TestScenarios.Python with
        {
            DeliveryCpuPerKib = 60e-6,
            SubscriberReadCpuPerKib = 20e-6,
            InboundCpuSeconds = 2e-4,
        };
        Scenario s = TestScenarios.Room(30, profile: p);
        RoomClass small = new(2, 5) { MessageSize = new MessageSize(100) };
        RoomClass large = new(1, 20) { MessageSize = new MessageSize(3000) };
        Scenario rooms = s with { Workload = s.Workload with { Rooms = [small, large] } };
        // 100 bytes: 100 fewer than the profile's 200, 0.0977 KiB of write and read saved; rooms of 5 share the
        // inbound job (the rooms of 20 share it more thinly, but their 3,000-byte copies cost far more).
        double write = 78e-6 - 60e-6 * 100 / 1024, read = 20e-6 - 20e-6 * 100 / 1024;
        Assert.Equal(0.8 * (write + read + 2e-4 / 5), TaskCpuCap.LeastCpuPerDelivery(rooms, true), 15);
    }

    [Fact]
    public void One_job_counts_a_forwarders_batch_or_a_fan_out_turns_copies_to_a_whole_room()
    {
        CostProfile p = TestScenarios.Python with { ForwardBatch = 40, SubscriberReadBatch = 3 };
        Assert.Equal(40, TaskCpuCap.MostDeliveriesInOneJob(TestScenarios.Room(100, profile: p)));
        Assert.Equal(300,
            TaskCpuCap.MostDeliveriesInOneJob(TestScenarios.Room(100, mode: SubscriptionMode.PerTask, profile: p)));
    }

    [Fact]
    public void A_run_surely_does_every_sessions_handshake_and_every_sure_sends_inbound_job()
    {
        // 20 users x 3 sessions of 10 s, ticks of 1 s: 9 ticks before the close (the tenth races it).
        Scenario s = TestScenarios.Room(20, sessions: 3);
        Assert.Equal(0.8 * 60 * 4e-3, TaskCpuCap.FixedWork(s, sends: false), 12);
        Assert.Equal(0.8 * 60 * (4e-3 + 9 * 2e-3), TaskCpuCap.FixedWork(s, sends: true), 12);
        // Ticks up to 0.5 s late: the ninth (at 9-9.5 s) is still before the close.
        Scenario late = s with { Workload = s.Workload with { SendJitterSeconds = 0.5 } };
        Assert.Equal(9, TaskCpuCap.SureSendsPerSession(late.Workload, late.Workload.Timing));
        Scenario later = s with { Workload = s.Workload with { SendJitterSeconds = 1.5 } };
        Assert.Equal(8, TaskCpuCap.SureSendsPerSession(later.Workload, later.Workload.Timing));
        Scenario poisson = s with { Workload = s.Workload with { Sends = SendProcess.Poisson } };
        Assert.Equal(0, TaskCpuCap.SureSendsPerSession(poisson.Workload, poisson.Workload.Timing));
        // A client that may give up on its close, or a close answered ahead of the messages: no send is sure to be
        // read.
        Scenario timeout = s with { Profile = s.Profile with { ClientCloseTimeoutSeconds = 5 } };
        Assert.Equal(TaskCpuCap.FixedWork(s, sends: false), TaskCpuCap.FixedWork(timeout, sends: true), 12);
        Scenario atOnce = s with { Profile = s.Profile with { CloseAnsweredAtOnce = true } };
        Assert.Equal(TaskCpuCap.FixedWork(s, sends: false), TaskCpuCap.FixedWork(atOnce, sends: true), 12);
    }

    [Fact]
    public void The_run_cannot_end_before_its_tasks_have_done_the_fixed_work_and_the_deliveries()
    {
        // Without jitter or batches: one task of 0.1 vCPU, deliveries of 0.1 ms, 2 s of handshakes and inbound jobs.
        CostProfile p = TestScenarios.Python with
        {
            CpuJitter = 0,
            ForwardBatch = 1,
            DeliveryCpuSeconds = 1e-4,
            SubscriberReadCpuSeconds = 0,
            InboundCpuSeconds = 0,
            HandshakeCpuSeconds = 0.1,
        };
        Scenario s = TestScenarios.Room(10, sessions: 2, vcpu: 0.1, profile: p);
        Assert.Equal(2, TaskCpuCap.FixedWork(s, sends: true), 12);
        // 1,000 deliveries a second at most, less the one job's 1 over the 20 s shortest run: with at most 20,000
        // deliveries the run lasts at least (20,000 x 0.1 ms + 2 s - 0.1 ms) / 0.1 = 39.999 s.
        Assert.Equal(20_000 / 39.999, TaskCpuCap.DeliveredPerSecond(s, 20, 20_000), 9);
        // With at most 1,000 deliveries, the fixed work alone makes the run last 21 s.
        Assert.Equal(1_000 / 20.999, TaskCpuCap.DeliveredPerSecond(s, 20, 1_000), 9);
        // A run stopped by its time limit need not have done it: then the limit is its length.
        Scenario limited = s with { TimeLimitSeconds = 20 };
        Assert.Equal(1_000 / 20.0, TaskCpuCap.DeliveredPerSecond(limited, 20, 1_000), 9);
    }

    /// <summary>What the bound was before the cap: the ratio bound x every member's copy of the most each room's
    /// members send over the shortest run (<see cref="FluidBound.MostDeliveredPerSecond"/>).</summary>
    internal static double RatioFigure(Scenario s, FluidEstimate bound, double shortest)
    {
        Workload w = s.Workload;
        double squares = w.RoomClasses.Sum(c => FluidBound.MostSendsPerSession(s, w.TimingOf(c), c.Members)
            * c.RoomSizes().Sum(n => (double)n * n));
        return bound.MaxRatio * w.Sessions * squares / shortest;
    }
}
