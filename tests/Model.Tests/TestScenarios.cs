using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests;

/// <summary>Scenarios built in code so model tests do not depend on files.</summary>
internal static class TestScenarios
{
    /// <summary>Costs close to the fitted aws-fargate-python profile.</summary>
    public static readonly CostProfile Python = new(
        Name: "test-python", UsableCoresPerTask: 1, HandshakeCpuSeconds: 0.004, HandshakeSteps: 1,
        InboundCpuSeconds: 0.002,
        DeliveryCpuSeconds: 0.000078, ForwardBatch: 54, SubscriberReadCpuSeconds: 0.00002, CloseCpuSeconds: 0.0026,
        CloseSteps: 1,
        IdlePollCpuPerConnection: 0.001, CpuJitter: 0.2, ClientRttSeconds: 0.077, RedisRttSeconds: 0.0003,
        RedisPublishCpuSeconds: 5e-6, RedisCopyCpuSeconds: 1e-6, RedisBytesPerCopy: 300, BufferedMessageBytes: 1000,
        TaskBaseMemoryGb: 0.15, FinalTickWinsProbability: 0.56);

    /// <summary>The Python replica's per-task structure: every member's own writer behind its queue, and a reader that
    /// takes up to 200 copies from its socket in one turn.</summary>
    public static readonly CostProfile PythonWriters = Python with
    {
        PerTaskWritesQueuePerConnection = true,
        SubscriberReadBatch = 200,
    };

    /// <summary>The replica's loop as local-python prices it: a message dear beside its copies, a writer's turn taking
    /// every copy that has arrived, a PUBLISH holding its receive loop three rounds, no idle polling.</summary>
    public static readonly CostProfile PythonLoop = Python with
    {
        InboundCpuSeconds = 0.00277,
        DeliveryCpuSeconds = 11.5e-6,
        ForwardTurnCpuSeconds = 118e-6,
        ForwardBatch = 300,
        PublishWaitRounds = 3,
        IdlePollCpuPerConnection = 0,
    };

    /// <summary>A server so fast it never queues: what is lost is lost to session gaps alone.</summary>
    public static readonly CostProfile Instant = Python with
    {
        Name = "instant",
        HandshakeCpuSeconds = 0,
        InboundCpuSeconds = 0,
        DeliveryCpuSeconds = 1e-9,
        SubscriberReadCpuSeconds = 0,
        CloseCpuSeconds = 0,
        IdlePollCpuPerConnection = 0,
        CpuJitter = 0,
        RedisPublishCpuSeconds = 0,
        RedisCopyCpuSeconds = 0,
    };

    public static readonly RedisNodeType SmallNode = new("cache.t4g.small", 0.128, 5.0, 60, 1.37, 0.032);

    public static Scenario Room(int users, double interval = 1, int sessions = 2, int tasks = 1,
        SubscriptionMode mode = SubscriptionMode.PerConnection, CostProfile? profile = null, double vcpu = 1,
        RedisNodeType? node = null, LoadBalancing balancer = LoadBalancing.RoundRobin, ulong seed = 1,
        double ramp = 0) =>
        new($"room-{users}",
            new Workload(users, interval, 10, sessions, ramp),
            new Deployment(tasks, vcpu, 2, balancer, mode, node ?? SmallNode),
            profile ?? Python,
            seed,
            1,
            3600);
}
