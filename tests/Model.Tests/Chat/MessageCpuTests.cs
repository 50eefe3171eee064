using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Per-KiB CPU costs: a message larger than the profile's <c>message_bytes</c> costs the task's read and write and
/// Redis' copy the per-KiB figures on the difference; without them, or at the profile's own size, every cost is the
/// per-message figure it was.
/// </summary>
public class MessageCpuTests
{
    private const double ReadPerKib = 4e-6;
    private const double WritePerKib = 10e-6;
    private const double RedisPerKib = 0.5e-6;

    // No jitter, and no idle polling (which slows the whole event loop by the open connections, so a busy second
    // would not be a CPU-second).
    private static readonly CostProfile s_perKib = TestScenarios.Python with
    {
        CpuJitter = 0,
        IdlePollCpuPerConnection = 0,
        SubscriberReadCpuPerKib = ReadPerKib,
        DeliveryCpuPerKib = WritePerKib,
        RedisCopyCpuPerKib = RedisPerKib,
    };

    private static Scenario TwoClasses(CostProfile profile, MessageSize? second, SubscriptionMode mode)
    {
        Scenario s = TestScenarios.Room(1, tasks: 1, mode: mode, profile: profile, ramp: 1);
        RoomClass[] rooms = [new RoomClass(10, 10), new RoomClass(10, 10) { MessageSize = second }];
        return s with { Workload = s.Workload with { Users = 200, Rooms = rooms } };
    }

    private static Scenario OneClass(MessageSize? size, SubscriptionMode mode)
    {
        Scenario s = TestScenarios.Room(1, tasks: 1, mode: mode, profile: s_perKib, ramp: 1);
        RoomClass[] rooms = [new RoomClass(20, 10) { MessageSize = size }];
        return s with { Workload = s.Workload with { Users = 200, Rooms = rooms } };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    /// <summary>CPU-seconds every task (or Redis) spent over the run.</summary>
    private static double BusySeconds(ChatOutcome o, ResourceKind kind) =>
        o.Resources.Where(r => r.Id.Kind == kind).Sum(r => r.Utilization) * o.Metrics.DurationSeconds;

    [Fact]
    public void A_message_one_KiB_over_the_profile_size_costs_each_operation_its_per_KiB_figure_more()
    {
        // The profile's 200 bytes, then 1,224 and 2,248: each KiB more costs the same again.
        CostProfile p = s_perKib;
        Assert.Equal(p.WriteCpuFor(true), p.WriteCpuFor(true, 200));
        Assert.Equal(WritePerKib, p.WriteCpuFor(true, 1224) - p.WriteCpuFor(true, 200), 1e-15);
        Assert.Equal(2 * WritePerKib, p.WriteCpuFor(true, 2248) - p.WriteCpuFor(true, 200), 1e-15);
        Assert.Equal(ReadPerKib, p.ReadCpuFor(1224) - p.ReadCpuFor(200), 1e-15);
        // Redis is told a copy's bytes on its egress: the profile's 300-byte copy grown by the message's 1,024.
        Assert.Equal(RedisPerKib, p.RedisCopyCpuFor(1324) - p.RedisCopyCpuFor(300), 1e-15);
        // A smaller message costs less, never below nothing.
        Assert.Equal(p.DeliveryCpuSeconds - WritePerKib * 100 / 1024, p.WriteCpuFor(true, 100), 1e-15);
        Assert.Equal(0, (p with { DeliveryCpuSeconds = 0 }).WriteCpuFor(true, 1));
    }

    [Fact]
    public void Each_room_costs_its_class_message_size_and_a_drawn_size_its_mean()
    {
        RoomClass[] classes =
        [
            new RoomClass(2, 10),
            new RoomClass(1, 10) { MessageSize = new MessageSize(2248) },
            new RoomClass(1, 10) { MessageSize = new MessageSize(0, new UniformRoomSizes(1000, 3496)) },
        ];
        var rooms = new RoomLayout(classes);
        var cpu = new MessageCpu(s_perKib, classes, rooms, perConnection: true);
        Assert.Equal(s_perKib.DeliveryCpuSeconds, cpu.Write(1));
        Assert.Equal(s_perKib.SubscriberReadCpuSeconds, cpu.Read(0));
        Assert.Equal(s_perKib.DeliveryCpuSeconds + 2 * WritePerKib, cpu.Write(2), 1e-15);
        Assert.Equal(s_perKib.SubscriberReadCpuSeconds + 2 * ReadPerKib, cpu.Read(2), 1e-15);
        Assert.Equal(cpu.Write(2), cpu.Write(3), 1e-15);
    }

    [Fact]
    public void Bigger_messages_cost_the_tasks_their_deliveries_times_the_per_KiB_figures()
    {
        // Nothing queues (a whole core for 2,000 deliveries a second), so both runs deliver the same messages (but
        // the few whose copies' longer time on the link moves them past a close); the second class's 2 KiB more cost
        // each of its deliveries 2 x (read + write) per KiB more.
        ChatOutcome small = Run(TwoClasses(s_perKib, null, SubscriptionMode.PerConnection));
        ChatOutcome big = Run(TwoClasses(s_perKib, new MessageSize(2248), SubscriptionMode.PerConnection));
        Assert.InRange(big.Metrics.WsMsgsReceived / (double)small.Metrics.WsMsgsReceived, 0.999, 1.001);
        double deliveries = big.RoomClasses![1].Received;
        double extra = BusySeconds(big, ResourceKind.TaskCpu) - BusySeconds(small, ResourceKind.TaskCpu);
        Assert.InRange(extra / (deliveries * 2 * (ReadPerKib + WritePerKib)), 0.98, 1.02);
    }

    [Fact]
    public void Bigger_messages_cost_redis_their_copies_times_the_per_KiB_figure()
    {
        ChatOutcome small = Run(TwoClasses(s_perKib, null, SubscriptionMode.PerConnection));
        ChatOutcome big = Run(TwoClasses(s_perKib, new MessageSize(2248), SubscriptionMode.PerConnection));
        double copies = big.RoomClasses![1].Received;
        double extra = BusySeconds(big, ResourceKind.RedisCpu) - BusySeconds(small, ResourceKind.RedisCpu);
        Assert.InRange(extra / (copies * 2 * RedisPerKib), 0.95, 1.05);
    }

    [Fact]
    public void Per_task_mode_reads_a_copy_once_per_task_and_writes_it_to_each_member()
    {
        // Every room of this run has the bigger messages: each write (received, or too late for its client) and
        // each read of the task's one copy costs 2 KiB more.
        ChatOutcome small = Run(OneClass(null, SubscriptionMode.PerTask));
        ChatOutcome big = Run(OneClass(new MessageSize(2248), SubscriptionMode.PerTask));
        double deliveries = big.Metrics.WsMsgsReceived + big.ForwardedLate;
        double reads = big.Metrics.WsMsgsSent;
        double extra = BusySeconds(big, ResourceKind.TaskCpu) - BusySeconds(small, ResourceKind.TaskCpu);
        Assert.InRange(extra / (2 * (deliveries * WritePerKib + reads * ReadPerKib)), 0.98, 1.02);
    }

    [Theory]
    [InlineData(SubscriptionMode.PerConnection)]
    [InlineData(SubscriptionMode.PerTask)]
    public void Without_per_KiB_costs_bigger_messages_cost_no_CPU(SubscriptionMode mode)
    {
        CostProfile perMessage = s_perKib with
        {
            SubscriberReadCpuPerKib = 0,
            DeliveryCpuPerKib = 0,
            RedisCopyCpuPerKib = 0,
        };
        ChatOutcome small = Run(TwoClasses(perMessage, null, mode));
        ChatOutcome big = Run(TwoClasses(perMessage, new MessageSize(2248), mode));
        // Per delivery the same CPU (with the per-KiB costs above it would be over a quarter more).
        static double Each(ChatOutcome o) => BusySeconds(o, ResourceKind.TaskCpu) / o.Metrics.WsMsgsReceived;
        Assert.InRange(Each(big) / Each(small), 0.999, 1.001);
    }

    [Fact]
    public void At_the_profile_size_per_KiB_costs_change_nothing()
    {
        ChatOutcome without =
            Run(TwoClasses(TestScenarios.Python, new MessageSize(200), SubscriptionMode.PerConnection));
        ChatOutcome with = Run(TwoClasses(TestScenarios.Python with
        {
            SubscriberReadCpuPerKib = ReadPerKib,
            DeliveryCpuPerKib = WritePerKib,
            RedisCopyCpuPerKib = RedisPerKib,
        }, new MessageSize(200), SubscriptionMode.PerConnection));
        Assert.Equal(without.Metrics, with.Metrics);
        Assert.Equal(without.Resources, with.Resources);
    }
}
