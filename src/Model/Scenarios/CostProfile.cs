namespace FanoutSim.Model.Scenarios;

/// <summary>
/// Per-operation costs of one server implementation on one kind of machine. CPU figures are
/// seconds of one full core; a task with less than one vCPU runs them proportionally slower.
/// Each field's meaning, YAML key, unit, default and bounds are defined once, in <see cref="Profile.ProfileFields"/>;
/// the defaults below are the table's, for profiles built in code.
/// </summary>
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
    double CpuDriftWindowSeconds = 1,
    double SpeedIndex = 0,
    double RedisPacketOverheadBytes = 0,
    bool RedisPacedRecovery = false,
    double BusyPollCpuSeconds = 0,
    int SubscriberReadBatch = 1,
    bool CloseAnsweredAtOnce = false,
    int OutboundQueueLimit = 0,
    double MessageBytes = CostProfile.MeasuredMessageBytes,
    double ConnectionMemoryKb = 0,
    double SubscriberReadCpuPerKib = 0,
    double DeliveryCpuPerKib = 0,
    double RedisCopyCpuPerKib = 0,
    double WakeCpuSeconds = 0,
    double RoundCpuSeconds = 0,
    double PerTaskTurnCpuSeconds = 0,
    bool RedisIterationWrites = false,
    bool RedisCorkBehindQueue = false,
    bool RedisRetryOnAck = false,
    double RedisSendBufferKb = 0,
    double PerTaskInboundCpuSeconds = 0,
    int RedisAbortAfterProbes = 0,
    double RedisMaxSegmentKb = 0,
    bool RedisFreshHeadCoalesced = false,
    bool RedisLastSubscribedFirst = false,
    bool RedisIdleHeadCoalesced = false,
    double RedisWriteCpuSeconds = 0,
    double RedisConnectTimeoutSeconds = 0,
    double RedisProbeSpreadSeconds = 0,
    int HandshakeRoundTrips = 0,
    bool RedisProbeHeadCoalesced = false,
    double RedisTimerHz = 0,
    double ClientStartSpreadSeconds = 0,
    double WriteSegmentCpuSeconds = 0,
    int TurnSegmentLimit = 0,
    double InboundWaitSeconds = 0,
    int PublishWaitRounds = 0,
    bool CpuDriftQuotaScaled = false,
    double PublishConnectCpuSeconds = 0,
    int PublishConnectRounds = 0)
{
    /// <summary>
    /// The chat message size a profile's per-copy bytes stand for when it records none: the bundled load generator's
    /// messages as the server publishes them (about 200 bytes; the reference system's 233-byte copies carry about as
    /// much besides RESP framing).
    /// </summary>
    public const double MeasuredMessageBytes = 200;

    /// <summary>
    /// The amplitude of <see cref="CpuDrift"/> a task of <paramref name="taskVcpu"/> vCPU wanders by: all of it, or
    /// with <see cref="CpuDriftQuotaScaled"/> the share of its usable cores the quota withholds, so a task on a whole
    /// core (never throttled) runs steady. The Python replica's stall seconds fall so with the quota (issue 17).
    /// </summary>
    public double DriftAmplitudeFor(double taskVcpu) =>
        CpuDriftQuotaScaled ? CpuDrift * Math.Max(0, 1 - taskVcpu / UsableCoresPerTask) : CpuDrift;

    /// <summary>Whether a PUBLISH that finds its client without a free connection opens one first
    /// (<see cref="PublishConnectCpuSeconds"/>, <see cref="PublishConnectRounds"/>).</summary>
    public bool PublishOpensConnections => PublishConnectCpuSeconds > 0 || PublishConnectRounds > 0;

    /// <summary>CPU of one handshake in the given subscription mode.</summary>
    public double HandshakeCpuFor(bool perConnection) =>
        HandshakeCpuSeconds + (perConnection ? RedisConnectCpuSeconds : 0);

    /// <summary>CPU of one close in the given subscription mode.</summary>
    public double CloseCpuFor(bool perConnection) => CloseCpuSeconds + (perConnection ? RedisDisconnectCpuSeconds : 0);

    /// <summary>CPU of one forwarder's turn in the given subscription mode: a per-task writer's turn has no
    /// subscription of its own to poll, so a profile may price it on its own (<see cref="PerTaskTurnCpuSeconds"/>,
    /// 0: as every other turn).</summary>
    public double TurnCpuFor(bool perConnection) =>
        !perConnection && PerTaskTurnCpuSeconds > 0 ? PerTaskTurnCpuSeconds : ForwardTurnCpuSeconds;

    /// <summary>CPU of reading, stamping and publishing one inbound message in the given subscription mode: a profile
    /// may price a per-task task's on its own (<see cref="PerTaskInboundCpuSeconds"/>, 0: as per connection).</summary>
    public double InboundCpuFor(bool perConnection) =>
        !perConnection && PerTaskInboundCpuSeconds > 0 ? PerTaskInboundCpuSeconds : InboundCpuSeconds;

    /// <summary>
    /// CPU of the TCP segments a forwarder's turn of <paramref name="writes"/> writes to one socket makes: one a write
    /// up to <see cref="TurnSegmentLimit"/> (0: no limit), the later writes joining segments not yet sent.
    /// </summary>
    public double TurnSegmentsCpu(int writes) =>
        WriteSegmentCpuSeconds * (TurnSegmentLimit > 0 ? Math.Min(writes, TurnSegmentLimit) : writes);

    /// <summary>CPU of writing one message to one WebSocket in the given subscription mode.</summary>
    public double WriteCpuFor(bool perConnection) => DeliveryCpuSeconds + (perConnection ? 0 : LocalFanoutCpuSeconds);

    /// <summary>
    /// CPU a <paramref name="messageBytes"/>-byte message costs beyond the profile's per-message figure at
    /// <paramref name="perKibCpu"/> CPU-seconds per KiB: the message's difference from the size the profile was
    /// measured at (negative for a smaller message), so a profile's own size costs exactly its per-message figures.
    /// </summary>
    public double BytesCpu(double perKibCpu, double messageBytes) => perKibCpu * (messageBytes - MessageBytes) / 1024;

    /// <summary>CPU of reading one copy of a <paramref name="messageBytes"/>-byte message from Redis.</summary>
    public double ReadCpuFor(double messageBytes) =>
        Math.Max(0, SubscriberReadCpuSeconds + BytesCpu(SubscriberReadCpuPerKib, messageBytes));

    /// <summary>CPU of writing a <paramref name="messageBytes"/>-byte message to one WebSocket.</summary>
    public double WriteCpuFor(bool perConnection, double messageBytes) =>
        Math.Max(0, WriteCpuFor(perConnection) + BytesCpu(DeliveryCpuPerKib, messageBytes));

    /// <summary>
    /// Redis CPU of one subscriber copy that takes <paramref name="copyBytes"/> on the egress
    /// (<see cref="RedisCopyBytes(bool, double)"/>): its message's bytes beyond the profile's cost the per-KiB figure.
    /// </summary>
    public double RedisCopyCpuFor(double copyBytes) =>
        Math.Max(0, RedisCopyCpuSeconds + RedisCopyCpuPerKib * (copyBytes - RedisBytesPerCopy) / 1024);

    /// <summary>GB a task holds before any message is buffered: its base and its open connections.</summary>
    public double TaskMemoryGbWith(long openConnections) =>
        TaskBaseMemoryGb + openConnections * ConnectionMemoryKb * 1e-6;

    /// <summary>Bytes one copy takes on Redis' egress: a shaper also counts the framing of its packet.</summary>
    public double RedisCopyBytes(bool shaped) => RedisBytesPerCopy + (shaped ? RedisPacketOverheadBytes : 0);

    /// <summary>
    /// Bytes one copy of a <paramref name="messageBytes"/>-byte message takes on Redis' egress: the profile's copy,
    /// grown or shrunk by the message's difference from the size it was measured at (framing stays as it was).
    /// </summary>
    public double RedisCopyBytes(bool shaped, double messageBytes) =>
        RedisCopyBytes(shaped) + (messageBytes - MessageBytes);
}
