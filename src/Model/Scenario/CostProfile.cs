namespace FanoutSim.Model.Scenario;

/// <summary>
/// Per-operation costs of one server implementation on one kind of machine. CPU figures are
/// seconds of one full core; a task with less than one vCPU runs them proportionally slower.
/// </summary>
/// <param name="UsableCoresPerTask">cores one task process can use at most (1 for a single Python event loop)</param>
/// <param name="HandshakeCpuSeconds">WebSocket accept, plus (unless <paramref name="RedisConnectCpuSeconds"/> says
/// otherwise) the connection's own Redis connect and SUBSCRIBE</param>
/// <param name="HandshakeSteps">event-loop turns the handshake needs (each waits for a full round of ready lanes)</param>
/// <param name="InboundCpuSeconds">one client message: id call, JSON, PUBLISH, persistence enqueue</param>
/// <param name="DeliveryCpuSeconds">forwarding one message to one WebSocket</param>
/// <param name="ForwardBatch">most messages a forwarder writes in one event-loop turn (buffered I/O does not yield)</param>
/// <param name="SubscriberReadCpuSeconds">reading one copy from a Redis subscription socket</param>
/// <param name="CloseCpuSeconds">close handshake, plus (unless <paramref name="RedisDisconnectCpuSeconds"/> says
/// otherwise) UNSUBSCRIBE and teardown of the connection's own Redis client</param>
/// <param name="CloseSteps">event-loop turns the close needs</param>
/// <param name="IdlePollCpuPerConnection">CPU fraction each open connection's polling loop burns</param>
/// <param name="CpuJitter">each job's cost is scaled by a factor uniform in [1 - j, 1 + j]</param>
/// <param name="ClientRttSeconds">client to task round-trip time (through the load balancer)</param>
/// <param name="RedisRttSeconds">task to Redis round-trip time</param>
/// <param name="RedisPublishCpuSeconds">Redis CPU per PUBLISH</param>
/// <param name="RedisCopyCpuSeconds">Redis CPU per subscriber copy</param>
/// <param name="RedisBytesPerCopy">bytes on the wire per copy (RESP message plus TCP/IP overhead)</param>
/// <param name="BufferedMessageBytes">memory one buffered outbound message holds in a task</param>
/// <param name="TaskBaseMemoryGb">memory a task uses before buffering anything</param>
/// <param name="FinalTickWinsProbability">chance the send tick that coincides with the close timer fires first</param>
/// <param name="ForwardTurnCpuSeconds">fixed CPU of one forward-lane turn (wake-up, write call, flush) on top of the
/// per-message costs, so deeper backlogs forward more cheaply per message; 0 (default) = purely per message</param>
/// <param name="ClientCloseTimeoutSeconds">the client aborts a close the server has not completed within this and
/// starts its next session; 0 (default) = it waits as long as the close takes</param>
/// <param name="SubscribeConfirmTimeoutSeconds">per-connection mode: the server accepts the WebSocket only once Redis
/// confirmed the connection's SUBSCRIBE, a reply that queues behind the copies already on Redis' egress link, or after
/// this long at most; 0 (default) = the handshake does not wait for Redis</param>
/// <param name="UnsubscribeWaitSeconds">per-connection mode: the server's close waits for the connection's Redis link to
/// drain what was queued before it (UNSUBSCRIBE and multiplexer close), at most this long; 0 (default) = no wait</param>
/// <param name="CloseStopsForwardingAtOnce">the close frame cancels the connection's forwarder as soon as it reaches the
/// task (a cancellation, not a turn of the event loop), while the close itself still waits for its turns; false
/// (default) = the forwarder stops when the close's first step runs</param>
/// <param name="ControlQueuesBehindBacklog">a new handshake or close waits, before its first turn, for the CPU time of
/// the forwarding already pending on its task, as work queued FIFO on a thread pool does; false (default) = it waits
/// for one round-robin round only</param>
/// <param name="TaskOverheadCores">cores a task's runtime burns whatever it serves (GC, timers, thread pool), taken
/// off its CPU share first; 0 (default) = none</param>
/// <param name="RedisConnectionOverheadCores">per-connection mode: cores each connection's own Redis client burns while
/// open (heartbeats, reader loop), also taken off the task's CPU share; 0 (default) = none</param>
/// <param name="CfsPeriodSeconds">the task's CPU is a CFS quota of task_vcpu cores per period of this length: it runs at
/// <paramref name="ThrottledBurstCores"/> until it has used task_vcpu x period CPU-seconds, then stalls until the period
/// ends; 0 (default) = a continuous processor of task_vcpu cores</param>
/// <param name="ThrottledBurstCores">with a CFS period: cores the task runs on while not throttled (capped by
/// usable_cores_per_task); 0 (default) = usable_cores_per_task</param>
/// <param name="PeriodOverheadCpuSeconds">with a CFS period: CPU-seconds of the quota the runtime burns in each period in
/// which the task has work (thread-pool wake-ups and spinning after a throttle); 0 (default) = none</param>
/// <param name="RedisConnectCpuSeconds">per-connection mode: CPU the handshake spends opening the connection's own Redis
/// client (connect, its setup commands, SUBSCRIBE) on top of <paramref name="HandshakeCpuSeconds"/>; per-task mode shares
/// one client and never pays it; 0 (default) = handshake_cpu covers both modes</param>
/// <param name="PerTaskWritesQueuePerConnection">per-task mode: the task's one copy of a message is put on every local
/// connection's outbound queue, and each connection's writer sends it in its own turns (forward_turn_cpu plus
/// delivery_cpu per message, batched like a per-connection forwarder), as the C# server does; false (default) = one
/// job writes the copy to every local connection in turn, as a loop over the sockets does</param>
/// <param name="LocalFanoutCpuSeconds">per-task mode: CPU to hand the task's one copy to one local connection (its
/// outbound queue and the wake-up of its writer) on top of <paramref name="DeliveryCpuSeconds"/>; per-connection mode
/// reaches the writer from the connection's own subscription, whose cost the forward turn and subscriber_read_cpu
/// carry; 0 (default) = delivery_cpu covers both modes</param>
/// <param name="RedisDisconnectCpuSeconds">per-connection mode: CPU the close spends on the connection's own Redis client
/// (UNSUBSCRIBE, closing and disposing it) on top of <paramref name="CloseCpuSeconds"/>; a per-task close only leaves
/// the room; 0 (default) = close_cpu covers both modes</param>
/// <param name="CpuDrift">a task's speed wanders on a scale of seconds: in each window of <paramref name="CpuDriftWindowSeconds"/>
/// it runs at a factor uniform in [1 - d, 1 + d] of its nominal speed (a runtime on a small quota gets more or less
/// useful work out of it from one second to the next); 0 (default) = steady</param>
/// <param name="CpuDriftWindowSeconds">length of the windows of <paramref name="CpuDrift"/></param>
public sealed record CostProfile(
    string Name,
    double UsableCoresPerTask,
    double HandshakeCpuSeconds,
    int HandshakeSteps,
    double InboundCpuSeconds,
    double DeliveryCpuSeconds,
    int ForwardBatch,
    double SubscriberReadCpuSeconds,
    double CloseCpuSeconds,
    int CloseSteps,
    double IdlePollCpuPerConnection,
    double CpuJitter,
    double ClientRttSeconds,
    double RedisRttSeconds,
    double RedisPublishCpuSeconds,
    double RedisCopyCpuSeconds,
    double RedisBytesPerCopy,
    double BufferedMessageBytes,
    double TaskBaseMemoryGb,
    double FinalTickWinsProbability,
    double ForwardTurnCpuSeconds = 0,
    double ClientCloseTimeoutSeconds = 0,
    double SubscribeConfirmTimeoutSeconds = 0,
    double UnsubscribeWaitSeconds = 0,
    bool CloseStopsForwardingAtOnce = false,
    bool ControlQueuesBehindBacklog = false,
    double TaskOverheadCores = 0,
    double RedisConnectionOverheadCores = 0,
    double CfsPeriodSeconds = 0,
    double ThrottledBurstCores = 0,
    double PeriodOverheadCpuSeconds = 0,
    double RedisConnectCpuSeconds = 0,
    bool PerTaskWritesQueuePerConnection = false,
    double LocalFanoutCpuSeconds = 0,
    double RedisDisconnectCpuSeconds = 0,
    double CpuDrift = 0,
    double CpuDriftWindowSeconds = 1)
{
    /// <summary>CPU of one handshake in the given subscription mode.</summary>
    public double HandshakeCpuFor(bool perConnection) => HandshakeCpuSeconds + (perConnection ? RedisConnectCpuSeconds : 0);

    /// <summary>CPU of one close in the given subscription mode.</summary>
    public double CloseCpuFor(bool perConnection) => CloseCpuSeconds + (perConnection ? RedisDisconnectCpuSeconds : 0);

    /// <summary>CPU of writing one message to one WebSocket in the given subscription mode.</summary>
    public double WriteCpuFor(bool perConnection) => DeliveryCpuSeconds + (perConnection ? 0 : LocalFanoutCpuSeconds);
}
