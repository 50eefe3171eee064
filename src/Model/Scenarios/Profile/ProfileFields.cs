namespace FanoutSim.Model.Scenarios.Profile;

/// <summary>
/// The cost profile's fields, one row each: the one definition the profile reader, writer, fitter, scenario rules and
/// `calibrate --set` derive from. A new mechanism's parameter is one row here plus its property on
/// <see cref="CostProfile"/>. Rows are in the order the writer writes them; fields added later are
/// <see cref="ProfileField.Optional"/>, so older profiles are written as they were.
/// </summary>
public static class ProfileFields
{
    public static readonly IReadOnlyList<ProfileField> All =
    [
        Number("usable_cores_per_task", ProfileUnit.Cores, p => p.UsableCoresPerTask,
            (p, v) => p with { UsableCoresPerTask = v },
            "cores one task process can use at most (1 for a single Python event loop)")
            .DefaultsTo(1).Within(ProfileBounds.Positive),
        Number("speed_index", ProfileUnit.SpeedIndex, p => p.SpeedIndex, (p, v) => p with { SpeedIndex = v },
            "speed index (`fanoutsim probe`) of the machine the CPU costs below were measured on; a deployment on a "
            + "machine of another index runs them that much faster or slower; 0 = not recorded, the costs hold as "
            + "they are on any machine; fitted (`--free speed_index`) only against runs that all carry one speed "
            + "index, which is then how much faster or slower those runs' machine is than this profile's costs")
            .Optional().Within(ProfileBounds.ZeroOrMore),
        Seconds("handshake_cpu", p => p.HandshakeCpuSeconds, (p, v) => p with { HandshakeCpuSeconds = v },
            "WebSocket accept, plus (unless redis_connect_cpu says otherwise) the connection's own Redis connect and "
            + "SUBSCRIBE").IsCpuWork(),
        Count("handshake_steps", p => p.HandshakeSteps, (p, v) => p with { HandshakeSteps = v },
            "event-loop turns the handshake needs (each waits for a full round of ready lanes)"),
        Seconds("inbound_cpu", p => p.InboundCpuSeconds, (p, v) => p with { InboundCpuSeconds = v },
            "one client message: id call, JSON, PUBLISH, persistence enqueue").IsCpuWork(),
        Seconds("delivery_cpu", p => p.DeliveryCpuSeconds, (p, v) => p with { DeliveryCpuSeconds = v },
            "forwarding one message to one WebSocket").IsCpuWork(),
        Count("forward_batch", p => p.ForwardBatch, (p, v) => p with { ForwardBatch = v },
            "most messages a forwarder writes in one event-loop turn (buffered I/O does not yield)"),
        Seconds("subscriber_read_cpu", p => p.SubscriberReadCpuSeconds,
            (p, v) => p with { SubscriberReadCpuSeconds = v },
            "reading one copy from a Redis subscription socket")
            .DefaultsTo(0).IsCpuWork(),
        Seconds("close_cpu", p => p.CloseCpuSeconds, (p, v) => p with { CloseCpuSeconds = v },
            "close handshake, plus (unless redis_disconnect_cpu says otherwise) UNSUBSCRIBE and teardown of the "
            + "connection's own Redis client").IsCpuWork(),
        Count("close_steps", p => p.CloseSteps, (p, v) => p with { CloseSteps = v },
            "event-loop turns the close needs"),
        Number("idle_poll_cpu_per_connection", ProfileUnit.Cores, p => p.IdlePollCpuPerConnection,
            (p, v) => p with { IdlePollCpuPerConnection = v },
            "CPU fraction each open connection's polling loop burns")
            .DefaultsTo(0).IsCpuWork(),
        Number("cpu_jitter", ProfileUnit.Fraction, p => p.CpuJitter, (p, v) => p with { CpuJitter = v },
            "each job's cost is scaled by a factor uniform in [1 - j, 1 + j]")
            .DefaultsTo(0).Within(ProfileBounds.BelowOne),
        Seconds("client_rtt", p => p.ClientRttSeconds, (p, v) => p with { ClientRttSeconds = v },
            "client to task round-trip time (through the load balancer)"),
        Seconds("client_start_spread", p => p.ClientStartSpreadSeconds,
            (p, v) => p with { ClientStartSpreadSeconds = v },
            "the load generator's own start: users a ramp shorter than this would dial together dial uniformly over "
            + "this instead (the scenario's ramp when longer), as a fresh load-generator process opens its first "
            + "sockets one after another while its code warms up; the harness, not the servers: it spreads a "
            + "lockstep test's ticks; 0 = users with no ramp dial at one instant")
            .Optional().Within(ProfileBounds.ZeroOrMore).NotFitted(),
        Seconds("redis_rtt", p => p.RedisRttSeconds, (p, v) => p with { RedisRttSeconds = v },
            "task to Redis round-trip time"),
        Seconds("redis_publish_cpu", p => p.RedisPublishCpuSeconds, (p, v) => p with { RedisPublishCpuSeconds = v },
            "Redis CPU per PUBLISH").IsCpuWork(),
        Seconds("redis_copy_cpu", p => p.RedisCopyCpuSeconds, (p, v) => p with { RedisCopyCpuSeconds = v },
            "Redis CPU per subscriber copy").IsCpuWork(),
        Number("redis_bytes_per_copy", ProfileUnit.Bytes, p => p.RedisBytesPerCopy,
            (p, v) => p with { RedisBytesPerCopy = v },
            "bytes on the wire per copy (RESP message plus TCP/IP overhead)"),
        Number("message_bytes", ProfileUnit.Bytes, p => p.MessageBytes, (p, v) => p with { MessageBytes = v },
            "size of the chat message (the payload Redis publishes) that redis_bytes_per_copy and the CPU costs were "
            + "measured with; a room class with its own message_bytes costs each copy the difference more or less, "
            + "and the CPU the *_cpu_per_kib costs of the difference")
            .DefaultsTo(CostProfile.MeasuredMessageBytes).Within(ProfileBounds.Positive).NotFitted()
            .WrittenWhen(p => p.MessageBytes != CostProfile.MeasuredMessageBytes),
        // Per KiB of the message beyond message_bytes: a profile measured at one size still charges its own size
        // exactly what it did, and the fitter may move them only against runs whose sizes differ.
        Seconds("subscriber_read_cpu_per_kib", p => p.SubscriberReadCpuPerKib,
            (p, v) => p with { SubscriberReadCpuPerKib = v },
            "task CPU per KiB (1,024 bytes) a message is larger than message_bytes (less when smaller), on each copy "
            + "read from a Redis subscription (RESP parsing, decoding the payload): added to subscriber_read_cpu; "
            + "0 = reading costs the same whatever the size")
            .Optional().IsCpuWork(),
        Seconds("delivery_cpu_per_kib", p => p.DeliveryCpuPerKib, (p, v) => p with { DeliveryCpuPerKib = v },
            "task CPU per KiB a message is larger than message_bytes (less when smaller), on each write to a "
            + "WebSocket (encoding, framing, copying into the socket): added to delivery_cpu; 0 = writing costs the "
            + "same whatever the size")
            .Optional().IsCpuWork(),
        Seconds("redis_copy_cpu_per_kib", p => p.RedisCopyCpuPerKib, (p, v) => p with { RedisCopyCpuPerKib = v },
            "Redis CPU per KiB a message is larger than message_bytes (less when smaller), on each subscriber copy "
            + "it sends: added to redis_copy_cpu; 0 = a copy costs the same whatever the size")
            .Optional().IsCpuWork(),
        Number("redis_packet_overhead_bytes", ProfileUnit.Bytes, p => p.RedisPacketOverheadBytes,
            (p, v) => p with { RedisPacketOverheadBytes = v },
            "framing a copy adds when it leaves as its own packet (TCP/IP and link headers), which a millisecond-scale "
            + "egress shaper counts; 0 when redis_bytes_per_copy already includes it, as Redis' own byte counters "
            + "do not")
            .Optional().NotFitted(),
        Flag("redis_paced_recovery", p => p.RedisPacedRecovery, (p, v) => p with { RedisPacedRecovery = v },
            "after a copy is lost to a shaped egress, what the connection held back behind it follows the "
            + "retransmission paced into the link's idle time and is not lost again (a sender that recovers within "
            + "a round trip, as on one machine's loopback); false = it follows a window of ten segments at a time, "
            + "whose overflow is lost again, as TCP restarts after a loss"),
        Flag("redis_iteration_writes", p => p.RedisIterationWrites, (p, v) => p with { RedisIterationWrites = v },
            "a shaped egress writes each subscriber once per event-loop iteration, as Redis does (beforeSleep): the "
            + "copies of every PUBLISH read in one iteration leave together, cut into redis_shaping_mss_bytes "
            + "segments, and a held-back subscriber is tried again once per iteration, not once per PUBLISH; false = "
            + "each PUBLISH's copies leave on their own as its CPU finishes")
            .NotFitted(),
        Flag("redis_cork_behind_queue", p => p.RedisCorkBehindQueue, (p, v) => p with { RedisCorkBehindQueue = v },
            "with redis_iteration_writes: a subscriber whose last segment still waits in the shaping queue gets its "
            + "new copies appended to its socket (TCP autocorking), and they leave coalesced into segments when that "
            + "segment has left, instead of in the iteration's burst; false = every write is offered at once")
            .NotFitted(),
        Flag("redis_retry_on_ack", p => p.RedisRetryOnAck, (p, v) => p with { RedisRetryOnAck = v },
            "with redis_iteration_writes and the shaper in Redis' own kernel (tc, the local runs): a write the queue "
            + "drops while the subscriber still has a segment in it is sent again when that segment's ACK returns, as "
            + "Linux sends a socket's unsent data on every ACK; false = at Redis' next write to it or the probe timer")
            .NotFitted(),
        Number("redis_send_buffer_kb", ProfileUnit.Kilobytes, p => p.RedisSendBufferKb,
            (p, v) => p with { RedisSendBufferKb = v },
            "with redis_iteration_writes: what a held-back subscriber's socket takes (kB of 1000 bytes) before "
            + "Redis' write to it fails (EAGAIN) and so no longer pushes its unsent head, which then waits for its "
            + "timer; Linux sizes it at connect, 3 x 10 segments for BBR (3,940 kB on loopback, MSS 65483); "
            + "0 = Linux's initial tcp_wmem, 16.384 kB")
            .Optional().NotFitted(),
        // A kernel constant (Linux's tcp_retries2), not a cost: the fitter leaves it alone.
        new ProfileField("redis_abort_after_probes", ProfileUnit.Count, p => p.RedisAbortAfterProbes,
            (p, v) => p with { RedisAbortAfterProbes = (int)v },
            "a shaped egress: a held-back subscriber that keeps failing, nothing of it getting through, for as long as "
            + "this many of the kernel's timer retries take has its connection aborted (TCPAbortOnTimeout; "
            + "Linux's tcp_retries2, 15: 7.7 s of 500 ms probes after a drop in Redis' own kernel, 924.6 s of "
            + "doubling timeouts after a remote one); Redis frees the client and the server is not told, so the "
            + "subscriber receives nothing more until it unsubscribes; 0 = never aborted")
            .Optional().NotFitted(),
        Number("redis_max_segment_kb", ProfileUnit.Kilobytes, p => p.RedisMaxSegmentKb,
            (p, v) => p with { RedisMaxSegmentKb = v },
            "with redis_iteration_writes and a link MSS (redis_shaping_mss_bytes): the largest segment a "
            + "subscriber's backlog leaves in (kB of 1000 bytes), Linux's size goal: at most half the largest window "
            + "its receiver advertised (41.472 kB for the drop runs' starved loopback sockets, whose peers advertised "
            + "82,944 bytes); a segment larger than the shaping queue never gets through it; with "
            + "redis_fresh_head_coalesced also the head of a subscriber held back from its first copies; 0 = "
            + "16.384 kB, Linux's initial tcp_wmem")
            .Optional().NotFitted(),
        Flag("redis_fresh_head_coalesced", p => p.RedisFreshHeadCoalesced,
            (p, v) => p with { RedisFreshHeadCoalesced = v },
            "a shaped egress sending a packet a copy: a subscriber held back from the first copies written to it "
            + "after it subscribed (nothing of it ever in flight, so no ACK pushes it: only Redis' writes and the "
            + "timer) offers everything it holds as one segment of up to redis_max_segment_kb, as Linux appends "
            + "writes to a socket's unsent head up to its size goal; a segment larger than the shaping queue never "
            + "gets through it; under a local shaper its timer is the 500 ms probe; false = copy by copy, as any "
            + "held-back subscriber")
            .NotFitted(),
        Flag("redis_last_subscribed_first", p => p.RedisLastSubscribedFirst,
            (p, v) => p with { RedisLastSubscribedFirst = v },
            "a shaped egress writes each burst's subscribers last-subscribed first, as Redis does: a client that gets "
            + "output goes to the head of its pending-write list (clients_pending_write), which beforeSleep writes "
            + "from the head, so a PUBLISH's fan-out in SUBSCRIBE order is written in reverse and a burst the queue "
            + "cannot hold loses its earliest subscribers' copies; false = in SUBSCRIBE order, the last subscribers' "
            + "lost")
            .NotFitted(),
        Flag("redis_idle_head_coalesced", p => p.RedisIdleHeadCoalesced,
            (p, v) => p with { RedisIdleHeadCoalesced = v },
            "with redis_iteration_writes and redis_fresh_head_coalesced: a subscriber whose write the queue refuses "
            + "while nothing of it is in flight (its last segment has left the queue and been acknowledged) is held "
            + "back as a fresh one, its whole hold one head on the probe timer, as Linux leaves a refused write of a "
            + "socket with nothing in flight to its probe timer; false = only one refused its first copies after it "
            + "subscribed")
            .NotFitted(),
        Seconds("redis_write_cpu", p => p.RedisWriteCpuSeconds, (p, v) => p with { RedisWriteCpuSeconds = v },
            "with redis_iteration_writes and a shaped egress: Redis CPU of one write to a subscriber's socket at an "
            + "iteration's end (the write(2) and, on loopback, the kernel's transmit path, taken whether the shaping "
            + "queue takes the bytes or refuses them), each fresh write and each retry of a held-back subscriber: "
            + "the next iteration reads only when they are done, so a drop-and-retry storm lengthens Redis' "
            + "iterations and groups more PUBLISHes into each write; 0 = writes take no time")
            .Optional().Within(ProfileBounds.ZeroOrMore).IsCpuWork().NotFitted(),
        Seconds("redis_probe_spread", p => p.RedisProbeSpreadSeconds,
            (p, v) => p with { RedisProbeSpreadSeconds = v },
            "with a shaped egress and redis_abort_after_probes: a subscriber held back by a burst arms its timer "
            + "the minimum timeout plus a uniform draw in [0, this) after the refusal (the run's seeded stream "
            + "'redis-probe-spread'), so the subscribers one burst refused, refused microseconds apart, do not probe "
            + "the queue at one instant; and a retry at a later Redis write that fails leaves its pending timer as "
            + "it is, as Linux arms the probe timer only when none is pending (tcp_check_probe_timer); "
            + "0 = every refused subscriber's timer from its refusal, re-armed at each failed write")
            .Optional().Within(ProfileBounds.ZeroOrMore).NotFitted(),
        Flag("redis_probe_head_coalesced", p => p.RedisProbeHeadCoalesced,
            (p, v) => p with { RedisProbeHeadCoalesced = v },
            "with redis_idle_head_coalesced: a held-back subscriber's timer retry offers everything it holds as one "
            + "head of up to redis_max_segment_kb that must fit the queue whole, as a fresh head does, once nothing "
            + "of it is in flight: Linux arms the probe timer only for a socket with nothing in flight, and the probe "
            + "sends the unsent data's head as one segment (tcp_write_wakeup); false = a subscriber refused while "
            + "it still had a segment queued retries copy by copy, its backlog paced behind the first")
            .NotFitted(),
        // A kernel constant (CONFIG_HZ), not a cost: the fitter leaves it alone.
        new ProfileField("redis_timer_hz", ProfileUnit.Count, p => p.RedisTimerHz,
            (p, v) => p with { RedisTimerHz = v },
            "a shaped egress: the tick rate of the kernel timer wheel Redis' retry timers run on (CONFIG_HZ, 250 "
            + "here): a timer fires at the end of its wheel bucket, its expiry rounded up to 1 jiffy below 63 "
            + "jiffies, 8 up to 503, 64 up to 4,031, 8 times more each level on (Linux's calc_index), so the probes "
            + "of subscribers refused a few milliseconds apart fire together; 0 = each at its exact time")
            .Optional().NotFitted(),
        Number("buffered_message_bytes", ProfileUnit.Bytes, p => p.BufferedMessageBytes,
            (p, v) => p with { BufferedMessageBytes = v },
            "memory one buffered outbound message holds in a task")
            .DefaultsTo(1000).Within(ProfileBounds.Positive),
        Number("task_base_memory_gb", ProfileUnit.Gigabytes, p => p.TaskBaseMemoryGb,
            (p, v) => p with { TaskBaseMemoryGb = v },
            "memory a task uses before buffering anything")
            .DefaultsTo(0.1),
        // Not fitted: no measured run records memory, so the fit could only wander along a flat objective.
        Number("connection_memory_kb", ProfileUnit.Kilobytes, p => p.ConnectionMemoryKb,
            (p, v) => p with { ConnectionMemoryKb = v },
            "memory each open WebSocket connection holds on its task (socket buffers, session state and, in "
            + "per-connection mode, its own Redis client), in kB of 1000 bytes: it comes off the room left for "
            + "buffered messages, and a task whose memory in use passes its size is reported as out of memory; "
            + "0 = not modelled")
            .Optional().NotFitted(),
        Number("final_tick_wins_probability", ProfileUnit.Fraction, p => p.FinalTickWinsProbability,
            (p, v) => p with { FinalTickWinsProbability = v },
            "chance the send tick that coincides with the close timer fires first")
            .DefaultsTo(0.5).Within(ProfileBounds.Probability),
        Seconds("forward_turn_cpu", p => p.ForwardTurnCpuSeconds, (p, v) => p with { ForwardTurnCpuSeconds = v },
            "fixed CPU of one forward-lane turn (wake-up, write call, flush) on top of the per-message costs, so "
            + "deeper backlogs forward more cheaply per message; 0 = purely per message")
            .Optional().IsCpuWork(),
        Seconds("client_close_timeout", p => p.ClientCloseTimeoutSeconds,
            (p, v) => p with { ClientCloseTimeoutSeconds = v },
            "the client aborts a close the server has not completed within this and starts its next session; "
            + "0 = it waits as long as the close takes")
            .Optional(),
        Seconds("subscribe_confirm_timeout", p => p.SubscribeConfirmTimeoutSeconds,
            (p, v) => p with { SubscribeConfirmTimeoutSeconds = v },
            "per-connection mode: the server accepts the WebSocket only once Redis confirmed the connection's "
            + "SUBSCRIBE, a reply that queues behind the copies already on Redis' egress link, or after this long at "
            + "most; 0 = the handshake does not wait for Redis")
            .Optional(),
        Seconds("redis_connect_timeout", p => p.RedisConnectTimeoutSeconds,
            (p, v) => p with { RedisConnectTimeoutSeconds = v },
            "per-connection mode: a handshake not done this long after its dial is refused, as the server refuses "
            + "a WebSocket whose own Redis connection timed out (upgraded, then closed with 1013): its client sees "
            + "it open, sends and receives nothing, stays present until its session's close call and then ends at "
            + "once; 0 = no handshake is refused")
            .Optional().NotFitted(),
        new ProfileField("handshake_round_trips", ProfileUnit.Count, p => p.HandshakeRoundTrips,
            (p, v) => p with { HandshakeRoundTrips = (int)v },
            "per-connection mode: the Redis round trips a handshake makes one after the other (the connection's own "
            + "Redis connect, its client's handshake commands, SUBSCRIBE); the handshake takes max(handshake_steps, "
            + "this + 1) steps of equal CPU, and after each of its first this-many steps the connection leaves the "
            + "CPU for a Redis round trip, its next step reaching the task anew (with control_queues_behind_backlog "
            + "it queues behind the forwarding pending there, as the handshake's first step does); 0 = no round trip "
            + "between the handshake's steps")
            .Optional().Within(ProfileBounds.ZeroOrMore).NotFitted(),
        Flag("close_stops_forwarding_at_once", p => p.CloseStopsForwardingAtOnce,
            (p, v) => p with { CloseStopsForwardingAtOnce = v },
            "the close frame cancels the connection's forwarder as soon as it reaches the task (a cancellation, not "
            + "a turn of the event loop), while the close itself still waits for its turns; false = the forwarder "
            + "stops when the close's first step runs"),
        Flag("control_queues_behind_backlog", p => p.ControlQueuesBehindBacklog,
            (p, v) => p with { ControlQueuesBehindBacklog = v },
            "a new handshake or close waits, before its first turn, for the CPU time of the forwarding already "
            + "pending on its task, as work queued FIFO on a thread pool does; false = it waits for one round-robin "
            + "round only"),
        Number("task_overhead_cores", ProfileUnit.Cores, p => p.TaskOverheadCores,
            (p, v) => p with { TaskOverheadCores = v },
            "cores a task's runtime burns whatever it serves (GC, timers, thread pool), taken off its CPU share "
            + "first; 0 = none")
            .Optional().IsCpuWork(),
        Number("redis_connection_overhead_cores", ProfileUnit.Cores, p => p.RedisConnectionOverheadCores,
            (p, v) => p with { RedisConnectionOverheadCores = v },
            "per-connection mode: cores each connection's own Redis client burns while open (heartbeats, reader "
            + "loop), also taken off the task's CPU share; 0 = none")
            .Optional().IsCpuWork(),
        Seconds("unsubscribe_wait", p => p.UnsubscribeWaitSeconds, (p, v) => p with { UnsubscribeWaitSeconds = v },
            "per-connection mode: the server's close waits for the connection's Redis link to drain what was queued "
            + "before it (UNSUBSCRIBE and multiplexer close), at most this long; 0 = no wait")
            .Optional(),
        Seconds("cfs_period", p => p.CfsPeriodSeconds, (p, v) => p with { CfsPeriodSeconds = v },
            "the task's CPU is a CFS quota of task_vcpu cores per period of this length: it runs at "
            + "throttled_burst_cores until it has used task_vcpu x period CPU-seconds, then stalls until the period "
            + "ends; 0 = a continuous processor of task_vcpu cores")
            .Optional(),
        Number("throttled_burst_cores", ProfileUnit.Cores, p => p.ThrottledBurstCores,
            (p, v) => p with { ThrottledBurstCores = v },
            "with a CFS period: cores the task runs on while not throttled (capped by usable_cores_per_task); "
            + "0 = usable_cores_per_task")
            .Optional(),
        Seconds("period_overhead_cpu", p => p.PeriodOverheadCpuSeconds,
            (p, v) => p with { PeriodOverheadCpuSeconds = v },
            "with a CFS period: CPU-seconds of the quota the runtime burns in each period in which the task has "
            + "work (thread-pool wake-ups and spinning after a throttle); 0 = none")
            .Optional().IsCpuWork(),
        Seconds("redis_connect_cpu", p => p.RedisConnectCpuSeconds, (p, v) => p with { RedisConnectCpuSeconds = v },
            "per-connection mode: CPU the handshake spends opening the connection's own Redis client (connect, its "
            + "setup commands, SUBSCRIBE) on top of handshake_cpu; per-task mode shares one client and never pays "
            + "it; 0 = handshake_cpu covers both modes")
            .Optional().IsCpuWork(),
        Flag("per_task_writes_queue_per_connection", p => p.PerTaskWritesQueuePerConnection,
            (p, v) => p with { PerTaskWritesQueuePerConnection = v },
            "per-task mode: the task's one copy of a message is put on every local connection's outbound queue, and "
            + "each connection's writer sends it in its own turns (forward_turn_cpu plus delivery_cpu per message, "
            + "batched like a per-connection forwarder), as the C# server does; false = one job writes the copy to "
            + "every local connection in turn, as a loop over the sockets does"),
        Seconds("local_fanout_cpu", p => p.LocalFanoutCpuSeconds, (p, v) => p with { LocalFanoutCpuSeconds = v },
            "per-task mode: CPU to hand the task's one copy to one local connection (its outbound queue and the "
            + "wake-up of its writer) on top of delivery_cpu; per-connection mode reaches the writer from the "
            + "connection's own subscription, whose cost the forward turn and subscriber_read_cpu carry; "
            + "0 = delivery_cpu covers both modes")
            .Optional().IsCpuWork(),
        Seconds("redis_disconnect_cpu", p => p.RedisDisconnectCpuSeconds,
            (p, v) => p with { RedisDisconnectCpuSeconds = v },
            "per-connection mode: CPU the close spends on the connection's own Redis client (UNSUBSCRIBE, closing "
            + "and disposing it) on top of close_cpu; a per-task close only leaves the room; 0 = close_cpu covers "
            + "both modes")
            .Optional().IsCpuWork(),
        // Capped below 1 when fitted: a factor of 0 would stop the task, and the fit moves in log space where
        // nothing stops it.
        Number("cpu_drift", ProfileUnit.Fraction, p => p.CpuDrift, (p, v) => p with { CpuDrift = v },
            "a task's speed wanders on a scale of seconds: in each window of cpu_drift_window it runs at a factor "
            + "uniform in [1 - d, 1 + d] of its nominal speed (a runtime on a small quota gets more or less useful "
            + "work out of it from one second to the next); 0 = steady")
            .Optional().Within(ProfileBounds.BelowOne).FittedAs(v => Math.Min(v, 0.95)),
        Seconds("cpu_drift_window", p => p.CpuDriftWindowSeconds, (p, v) => p with { CpuDriftWindowSeconds = v },
            "length of the windows of cpu_drift")
            .DefaultsTo(1).Within(ProfileBounds.Positive).WrittenWhen(p => p.CpuDrift > 0),
        Flag("cpu_drift_quota_scaled", p => p.CpuDriftQuotaScaled, (p, v) => p with { CpuDriftQuotaScaled = v },
            "cpu_drift's amplitude scales with the share of a core the task's quota withholds: cpu_drift x (1 - "
            + "task_vcpu / usable_cores_per_task), none on a whole core (a throttled runtime's stalls grow with how "
            + "tight its quota is; the Python replica's stall seconds: 14 % of a 0.25-core per-task task's seconds, "
            + "under 1 % of a whole core's); false = every task drifts by cpu_drift")
            .WrittenWhen(p => p.CpuDrift > 0 && p.CpuDriftQuotaScaled),
        Seconds("busy_poll_cpu", p => p.BusyPollCpuSeconds, (p, v) => p with { BusyPollCpuSeconds = v },
            "one empty poll of a subscription that is polled without blocking (`get_message(timeout=0)` in a loop): "
            + "every subscriber with nothing to read polls once in each event-loop round that has other work, so "
            + "the cost falls on the jobs of busy rounds, grows with the idle subscribers and vanishes once all of "
            + "them have a backlog; 0 = subscribers block until a message comes")
            .Optional().IsCpuWork(),
        Count("subscriber_read_batch", p => p.SubscriberReadBatch, (p, v) => p with { SubscriberReadBatch = v },
            "per-task mode: most copies the task's subscription reader takes in one turn (a reader that handles "
            + "what it has without yielding); with per-connection writers it reads them, else it also fans each "
            + "out to its room's local connections in that turn; 1 = one copy a turn")
            .DefaultsTo(1).WrittenWhen(p => p.SubscriberReadBatch > 1),
        Flag("close_answered_at_once", p => p.CloseAnsweredAtOnce, (p, v) => p with { CloseAnsweredAtOnce = v },
            "the WebSocket library answers a client's close frame as soon as it reads it, ahead of the messages the "
            + "handler has still to process (their publishes follow, after the client has gone); false = the close "
            + "waits behind every message received before it"),
        // Whole numbers from 0 (0 = no bound), and the server's setting, not a cost: the fitter leaves it alone.
        new ProfileField("outbound_queue_limit", ProfileUnit.Count, p => p.OutboundQueueLimit,
            (p, v) => p with { OutboundQueueLimit = (int)v },
            "per-task mode with per-connection writers: most messages one connection's outbound queue holds; a copy "
            + "that finds it full pushes out the oldest, counted as dropped (the replica's --outbound-queue); "
            + "0 = unbounded, only the task's memory limits it")
            .Optional().NotFitted(),
        Seconds("wake_cpu", p => p.WakeCpuSeconds, (p, v) => p with { WakeCpuSeconds = v },
            "CPU a task spends waking up when work reaches it while it has nothing to run (threads woken, the "
            + "thread pool's dispatch), paid by the first job of each busy stretch and shared by all the jobs that "
            + "stretch runs: an operation alone costs its own CPU plus this, among others only its own (a wake-up "
            + "after a CFS throttle is period_overhead_cpu); 0 = none")
            .Optional().IsCpuWork(),
        Seconds("round_cpu", p => p.RoundCpuSeconds, (p, v) => p with { RoundCpuSeconds = v },
            "CPU of one round of a task's event loop (polling its sockets and timers), shared evenly by the jobs of "
            + "the round (the lanes in line when it began): a job alone pays all of it, one among a deep backlog "
            + "almost none; 0 = none")
            .Optional().IsCpuWork(),
        // The Python replica's block (issue 17): a per-task writer's turn is an asyncio.Queue wake-up and get(), with
        // no Redis socket to poll, so it costs far less than a per-connection forwarder's get_message() turn.
        Seconds("per_task_turn_cpu", p => p.PerTaskTurnCpuSeconds, (p, v) => p with { PerTaskTurnCpuSeconds = v },
            "per-task mode with per-connection writers: fixed CPU of one writer's turn (its queue's wake-up and "
            + "get, no Redis read) in place of forward_turn_cpu, whose per-connection turn polls its own "
            + "subscription; 0 = per-task turns cost forward_turn_cpu too")
            .Optional().IsCpuWork(),
        // The Python replica's writes (issue 17, session AD): a writer's turn sends its copies to one socket back to
        // back, and past some twenty a turn they join segments not yet sent (calibration/python-runs-ad/segments), so
        // the kernel's work a copy falls as turns grow.
        Seconds("write_segment_cpu", p => p.WriteSegmentCpuSeconds, (p, v) => p with { WriteSegmentCpuSeconds = v },
            "CPU of one TCP segment a forwarder's write makes (the kernel's send and, on a loopback, the receiving "
            + "side's work), on top of the write's own CPU: each write of a turn makes one, up to "
            + "turn_segment_limit; 0 = none")
            .Optional().IsCpuWork(),
        // A count from 0 (0 = no limit), the kernel's behaviour rather than a cost: the fitter leaves it alone.
        new ProfileField("turn_segment_limit", ProfileUnit.Count, p => p.TurnSegmentLimit,
            (p, v) => p with { TurnSegmentLimit = (int)v },
            "most TCP segments one forwarder turn's writes to a socket make; later writes of the turn join segments "
            + "not yet sent and cost no write_segment_cpu; 0 = every write makes its own")
            .Optional().NotFitted(),
        // Wall time, not CPU: the id service answers in its own process, so the machine's speed does not scale it.
        Seconds("inbound_wait", p => p.InboundWaitSeconds, (p, v) => p with { InboundWaitSeconds = v },
            "wall time an inbound message's synchronous calls hold the task's event loop waiting for their answers "
            + "(the replica's blocking gRPC id call and persistence enqueue), on top of inbound_cpu: nothing else "
            + "on the task runs and no CPU quota is spent meanwhile; 0 = none")
            .Optional(),
        // The Python replica's receive loops (issue 17, session AF): a PUBLISH costs the coroutine awaiting it a
        // median of five loop iterations in redis-py 4.3 (calibration/python-runs-af/publish-iterations.json), and a
        // saturated receive loop waits three or four forwarder rounds for each answer (python-runs-af/waits). A count
        // of the loop's rounds, not a cost: the fitter leaves it alone.
        new ProfileField("publish_wait_rounds", ProfileUnit.Count, p => p.PublishWaitRounds,
            (p, v) => p with { PublishWaitRounds = (int)v },
            "rounds of the task's event loop an inbound message's PUBLISH keeps its connection's control lane "
            + "waiting for Redis' answer, beyond the one turn every job yields: its next message and its close "
            + "wait behind them; 0 = the lane goes on at its next turn")
            .Optional().NotFitted(),
        // The Python replica's Redis clients (issue 17, session AP): redis-py's pool opens a connection for a command
        // that finds none free (a TCP connect, then CLIENT SETNAME and its answer) before the command leaves. Per task
        // the handlers share one client, whose pool grows to the PUBLISHes in flight at once, the load's first seconds
        // (a run's TCP opens: about N beyond the id calls and WebSockets, calibration/python-runs-ap); per connection
        // each session's client opens one for its first PUBLISH (its subscription holds the other).
        Seconds("publish_connect_cpu", p => p.PublishConnectCpuSeconds,
            (p, v) => p with { PublishConnectCpuSeconds = v },
            "CPU of a Redis connection a PUBLISH opens first when its client has none free: per task the task's "
            + "shared client, whose connections grow to the PUBLISHes in flight at once, per connection the "
            + "session's own client at its first PUBLISH; paid with the inbound message; 0 with "
            + "publish_connect_rounds 0 = a PUBLISH always finds a connection")
            .Optional().IsCpuWork(),
        new ProfileField("publish_connect_rounds", ProfileUnit.Count, p => p.PublishConnectRounds,
            (p, v) => p with { PublishConnectRounds = (int)v },
            "rounds of the task's event loop such a PUBLISH waits for its connection (the connect and the "
            + "client's setup command answered) before it leaves for Redis; its publish_wait_rounds follow")
            .Optional().NotFitted(),
        // The Python replica's per-task CPU budget (issue 17): its per-connection runs' CPU closes with the inbound
        // and copy benches, its per-task runs' does not (calibration/python-error-anatomy.md), so a profile may let
        // a per-task task's inbound message cost what those runs leave for it.
        Seconds("per_task_inbound_cpu", p => p.PerTaskInboundCpuSeconds,
            (p, v) => p with { PerTaskInboundCpuSeconds = v },
            "per-task mode: CPU of one inbound message in place of inbound_cpu (which then prices per-connection "
            + "tasks' only); 0 = per-task tasks pay inbound_cpu too")
            .Optional().IsCpuWork(),
    ];

    public static readonly IReadOnlyList<string> Keys = All.Select(f => f.Key).ToArray();

    public static ProfileField? Find(string key) => All.FirstOrDefault(f => f.Key == key);

    /// <summary>
    /// A profile whose every cost is a placeholder (NaN, or 0 for counts), for a reader that then sets every field
    /// of the table.
    /// </summary>
    public static CostProfile Blank(string name) =>
        new(name, double.NaN, double.NaN, 0, double.NaN, double.NaN, 0, double.NaN, double.NaN, 0, double.NaN,
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    private static ProfileField Seconds(string key, Func<CostProfile, double> get,
        Func<CostProfile, double, CostProfile> with, string doc) =>
        new(key, ProfileUnit.Seconds, get, with, doc);

    private static ProfileField Number(string key, ProfileUnit unit, Func<CostProfile, double> get,
        Func<CostProfile, double, CostProfile> with, string doc) =>
        new(key, unit, get, with, doc);

    // Kept at 1 or more when fitted: a wide simplex step can round a count to 0, which the scenario rules refuse
    // (it stopped a 4-fold fit with an exception).
    private static ProfileField Count(string key, Func<CostProfile, int> get, Func<CostProfile, int, CostProfile> with,
        string doc) =>
        new ProfileField(key, ProfileUnit.Count, p => get(p), (p, v) => with(p, (int)v), doc)
            .DefaultsTo(1).Within(ProfileBounds.AtLeastOne).FittedAs(v => Math.Max(1, (int)Math.Round(v)));

    private static ProfileField Flag(string key, Func<CostProfile, bool> get, Func<CostProfile, bool, CostProfile> with,
        string doc) =>
        new ProfileField(key, ProfileUnit.Flag, p => get(p) ? 1 : 0, (p, v) => with(p, v != 0), doc)
            .Optional().Within(ProfileBounds.Probability).FittedAs(v => v >= 0.5 ? 1 : 0);
}
