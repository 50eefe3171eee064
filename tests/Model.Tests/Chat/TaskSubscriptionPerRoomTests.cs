using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Per-task mode with several rooms: a task holds one subscription per room that has a member on it, so Redis sends
/// a room's message once to each such task, and the task writes it to that room's members only.
/// </summary>
public class TaskSubscriptionPerRoomTests
{
    private static Scenario PerTaskRooms(int tasks, LoadBalancing balancer, double vcpu, params RoomClass[] rooms)
    {
        Scenario s = TestScenarios.Room(1, tasks: tasks, mode: SubscriptionMode.PerTask, vcpu: vcpu,
            balancer: balancer, ramp: 1);
        return s with { Workload = s.Workload with { Users = (int)rooms.Sum(c => c.Members), Rooms = rooms } };
    }

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    private static double CopiesPerSend(Scenario s, ChatOutcome o) =>
        o.RedisEgressBytes / o.Metrics.WsMsgsSent / s.CostsOnMachine.RedisBytesPerCopy;

    [Fact]
    public void Redis_sends_a_rooms_message_once_to_each_task_holding_a_member_of_it()
    {
        // Ten rooms of ten over four tasks: dealt regardless of room, a room has members on (nearly) every task; kept
        // together, on one.
        Scenario spread = PerTaskRooms(4, LoadBalancing.RoundRobin, 1, new RoomClass(10, 10));
        Scenario together = PerTaskRooms(4, LoadBalancing.RoomAffine, 1, new RoomClass(10, 10));
        Assert.InRange(CopiesPerSend(spread, Run(spread)), 3.3, 4.0);
        // At most one copy, and less only for sends whose room had just emptied on its task.
        Assert.InRange(CopiesPerSend(together, Run(together)), 0.95, 1.0);
    }

    [Fact]
    public void No_message_crosses_a_room_and_light_load_delivers_what_per_connection_mode_does()
    {
        RoomClass[] rooms = [new RoomClass(9, 10), new RoomClass(1, 50)];
        ChatOutcome perTask = Run(PerTaskRooms(2, LoadBalancing.RoundRobin, 1, rooms));
        Scenario s = PerTaskRooms(2, LoadBalancing.RoundRobin, 1, rooms);
        ChatOutcome perConnection = Run(s with
        {
            Deployment = s.Deployment with { Subscription = SubscriptionMode.PerConnection },
        });
        IReadOnlyList<RoomClassMetrics> classes = perTask.RoomClasses!;
        Assert.Equal(perTask.Metrics.WsMsgsReceived, (long)classes.Sum(c => c.Received));
        Assert.All(classes, c => Assert.InRange(c.Received, 1, c.Expected));
        for (int k = 0; k < classes.Count; k++)
        {
            Assert.InRange(classes[k].DeliveryRatio - perConnection.RoomClasses![k].DeliveryRatio, -0.02, 0.02);
        }
    }

    [Fact]
    public void Kept_on_their_own_task_small_rooms_escape_the_big_room_that_saturates_another()
    {
        // One room of 300 and twenty rooms of ten on two tasks: room-affine puts the big room on task 0 and every
        // small room on task 1; round-robin puts half of each room on each task.
        RoomClass[] rooms = [new RoomClass(1, 300), new RoomClass(20, 10)];
        ChatOutcome dealt = Run(PerTaskRooms(2, LoadBalancing.RoundRobin, 1, rooms));
        ChatOutcome kept = Run(PerTaskRooms(2, LoadBalancing.RoomAffine, 1, rooms));
        Assert.True(dealt.Resources[0].Utilization > 0.9, $"task 0 cpu {dealt.Resources[0].Utilization:P0}");
        double smallDealt = dealt.RoomClasses![1].DeliveryRatio;
        double smallKept = kept.RoomClasses![1].DeliveryRatio;
        Assert.True(smallKept > 0.95, $"small rooms on their own task {smallKept:P1}");
        Assert.True(smallKept > smallDealt + 0.2, $"kept {smallKept:P1}, dealt {smallDealt:P1}");
        Assert.True(kept.RoomClasses[0].DeliveryRatio < 0.9,
            $"the big room alone on its task {kept.RoomClasses[0].DeliveryRatio:P1}");
    }

    [Fact]
    public void Per_task_rooms_are_reproducible_by_seed()
    {
        Scenario s = PerTaskRooms(3, LoadBalancing.LeastConnections, 0.5, new RoomClass(12, 6), new RoomClass(2, 30));
        Assert.Equal(Run(s).Metrics, Run(s).Metrics);
    }
}
