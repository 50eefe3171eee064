using System.Runtime.InteropServices;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// One Redis node: a single-threaded CPU and then its egress, either a metered fluid link or, when the node's
/// allowance is enforced at the millisecond scale, a dropping shaper seen subscriber by subscriber. A master of a
/// classic cluster, whose egress carries cluster-bus forwards besides its subscribers' copies, keeps its bus links
/// apart from its copies: a bus link that wants more than the copies leave falls behind in its own buffer. On a
/// catalog node the fluid link is shared flow by flow (<see cref="FairShareLink"/>); on a plainly shaped link (tc
/// htb over one packet FIFO, as the local runs shape it) each bus link keeps a few segments standing in the FIFO
/// ahead of the copies, and a subscriber's copies wait in its socket while one of its packets is queued
/// (<see cref="WindowedFifoLink"/>, <see cref="ClusterBus.SegmentBytes"/>).
/// </summary>
internal sealed class RedisShard
{
    private readonly bool _copyByCopy;
    private readonly TokenBucketLink? _link;
    private readonly IFlowLink? _shared;
    private readonly int _subscriberIds;

    // Ids 0, 1, ...: the flows of subscribers Redis does not track one by one (made on first use).
    private int[]? _everyId;

    // Work that reaches this node later than the event that caused it (a PUBLISH forwarded over the cluster bus),
    // handed to the CPU in arrival order as the clock passes it: the CPU takes jobs in arrival order only.
    private readonly PriorityQueue<double, double> _deferred = new();

    /// <param name="copyByCopy">send each copy as its own transfer (exact mode) instead of one fluid burst</param>
    /// <param name="subscriberIds">how many subscriber ids a shaped node must track (connections or tasks)</param>
    /// <param name="horizonSeconds">how far the run can reach: the millisecond egress record stops there</param>
    /// <param name="busLinks">cluster-bus links to other masters kept apart from the copies on a fluid egress (0:
    /// none, the egress is one FIFO)</param>
    /// <param name="streams">the run's random streams (null: none; a shaped egress then spreads no probes)</param>
    /// <param name="shard">this node's index, which picks its probe-spread stream</param>
    public RedisShard(CostProfile profile, Deployment deployment, bool copyByCopy, Simulator<ChatEvent> simulator,
        int subscriberIds, double horizonSeconds, int busLinks = 0, RandomStreams? streams = null, int shard = 0)
    {
        _copyByCopy = copyByCopy;
        _subscriberIds = subscriberIds;
        Cpu = new FifoServer();
        EgressTrace = new BinnedAmount(0.001, horizonSeconds);
        RedisNodeType node = deployment.RedisNode;
        if (node.Shaping is { } shaping)
        {
            BurstShaper shaper = shaping.RateGbps is { } gbps
                ? new BurstShaper(gbps * 1e9 / 8, gbps * 1e9 / 8, 0, 0, shaping.BucketBytes, shaping.QueueBytes)
                : new BurstShaper(node.BaselineBytesPerSecond, node.BurstBytesPerSecond, node.BucketBytes,
                    deployment.RedisCreditAtStart, shaping.BucketBytes, shaping.QueueBytes);
            CopySegments? segments = shaping.MssBytes is { } mss
                ? new CopySegments(profile.RedisCopyBytes(shaped: false), profile.RedisPacketOverheadBytes, mss)
                : null;
            Shaped = new ShapedEgress(shaper, simulator,
                profile.RedisCopyBytes(shaped: true), profile.RedisRttSeconds / 2,
                subscriberIds, EgressTrace, profile.RedisPacedRecovery, horizonSeconds, deployment.PubsubLimit,
                segments, profile.RedisIterationWrites, localDrops: node.Link == RedisLink.Shaped,
                corkBehindQueue: profile.RedisCorkBehindQueue, retryOnAck: profile.RedisRetryOnAck,
                sendBufferBytes: profile.RedisSendBufferKb > 0
                    ? profile.RedisSendBufferKb * 1000
                    : ShapedEgress.SendBufferBytes,
                abortAfterProbes: profile.RedisAbortAfterProbes,
                maxSegmentBytes: profile.RedisMaxSegmentKb > 0
                    ? profile.RedisMaxSegmentKb * 1000
                    : ShapedEgress.SendBufferBytes,
                freshHeadCoalesced: profile.RedisFreshHeadCoalesced,
                lastSubscribedFirst: profile.RedisLastSubscribedFirst,
                idleHeadCoalesced: profile.RedisIdleHeadCoalesced,
                writeCpuSeconds: profile.RedisWriteCpuSeconds,
                probeSpreadSeconds: profile.RedisProbeSpreadSeconds,
                probeSpread: profile.RedisProbeSpreadSeconds > 0 && streams is not null
                    ? streams.For("redis-probe-spread", shard)
                    : null,
                probeHeadCoalesced: profile.RedisProbeHeadCoalesced,
                timerHz: profile.RedisTimerHz);
        }
        else if (busLinks > 0)
        {
            var credit = new LinkCredit(node.BaselineBytesPerSecond, node.BurstBytesPerSecond, node.BucketBytes,
                deployment.RedisCreditAtStart);
            _shared = ClusterBus.QueuesBusInOneFifo(deployment)
                ? new WindowedFifoLink(subscriberIds + busLinks, busLinks, ClusterBus.SegmentBytes,
                    ClusterBus.SegmentsQueued, credit, EgressTrace)
                : new FairShareLink(subscriberIds + busLinks, busLinks, credit, EgressTrace);
        }
        else
        {
            _link = new TokenBucketLink(node.BaselineBytesPerSecond, node.BurstBytesPerSecond, node.BucketBytes,
                deployment.RedisCreditAtStart);
        }
    }

    /// <summary>The node's CPU; read it after <see cref="Settle"/> once the run is over.</summary>
    public FifoServer Cpu { get; }

    /// <summary>Runs <paramref name="seconds"/> of CPU work that arrives now; returns when it is done.</summary>
    public double Compute(double now, double seconds)
    {
        Settle(now);
        return Cpu.Submit(now, seconds);
    }

    /// <summary>Queues <paramref name="seconds"/> of CPU work that will arrive at <paramref name="arrival"/>.</summary>
    public void ComputeLater(double arrival, double seconds) => _deferred.Enqueue(seconds, arrival);

    /// <summary>Hands the CPU the deferred work arrived by <paramref name="now"/> (all of it by default).</summary>
    public void Settle(double now = double.PositiveInfinity)
    {
        while (_deferred.TryPeek(out double seconds, out double arrival) && arrival <= now)
        {
            _deferred.Dequeue();
            Cpu.Submit(arrival, seconds);
        }
    }

    /// <summary>Bytes leaving the node, millisecond by millisecond.</summary>
    public BinnedAmount EgressTrace { get; }

    /// <summary>The subscriber-by-subscriber egress of a shaped node; null on a fluid link.</summary>
    public ShapedEgress? Shaped { get; }

    /// <summary>Whether the egress is shared flow by flow (<see cref="ShareCopies"/>, <see cref="Forward"/>).
    /// </summary>
    public bool SharesFlows => _shared is not null;

    public double EgressBusyTime => _link?.BusyTime ?? _shared?.BusyTime ?? Shaped!.Shaper.BusyTime;

    public double EgressBytesSent => _link?.BytesSent ?? _shared?.BytesSent ?? Shaped!.Shaper.BytesSent;

    public double EgressTotalWait => _link?.TotalWait ?? _shared?.TotalWait ?? Shaped!.Shaper.TotalWait;

    /// <summary>
    /// When what the egress holds at <paramref name="now"/> will have left; on a shared egress, what it holds for
    /// subscribers (a bus link's backlog holds up no subscriber's connection), as things stand: a time the egress
    /// has not been run to may come before arrivals that would make it later.
    /// </summary>
    public double EgressFreeAt(double now) =>
        _link?.FreeAt ?? _shared?.UnwatchedDrainedAt() ?? Shaped!.Shaper.DrainedAt(now);

    /// <summary>
    /// Sends message <paramref name="message"/>'s copies once the CPU is done with it at <paramref name="cpuDone"/>;
    /// returns when they start and finish leaving.
    /// </summary>
    /// <param name="bytesPerCopy">what each copy takes on a fluid link (a shaped node prices its own copies)</param>
    /// <param name="arrival">when the PUBLISH reached the node (per-iteration writes group PUBLISHes by it)</param>
    public (double Start, double End) SendCopies(double cpuDone, int message, int copies, double bytesPerCopy,
        double arrival = double.NaN)
    {
        if (_link is null)
        {
            return Shaped!.IterationWrites
                ? (cpuDone, Shaped.PublishInIteration(arrival, cpuDone, message, copies))
                : (cpuDone, Shaped.Publish(cpuDone, message, copies));
        }
        if (!_copyByCopy)
        {
            (double burstStart, double burstEnd) = _link.Transmit(cpuDone, copies * bytesPerCopy);
            EgressTrace.Add(burstStart, burstEnd, copies * bytesPerCopy);
            return (burstStart, burstEnd);
        }
        (double start, double end) = _link.Transmit(cpuDone, bytesPerCopy);
        EgressTrace.Add(start, end, bytesPerCopy);
        for (int copy = 1; copy < copies; copy++)
        {
            (double copyStart, end) = _link.Transmit(cpuDone, bytesPerCopy);
            EgressTrace.Add(copyStart, end, bytesPerCopy);
        }
        return (start, end);
    }

    /// <summary>
    /// Sends <paramref name="bytes"/> that are not subscribers' copies (cluster-bus forwards) through the fluid link;
    /// returns when they have left.
    /// </summary>
    public double SendOther(double ready, double bytes)
    {
        (double start, double end) = _link!.Transmit(ready, bytes);
        EgressTrace.Add(start, end, bytes);
        return end;
    }

    /// <summary>
    /// A shared egress: sends a copy of <paramref name="bytesPerCopy"/> on each subscriber's flow once the CPU is
    /// done at <paramref name="cpuDone"/>; returns a tag for all of them (see
    /// <see cref="CopiesSent"/>, <see cref="CopiesLeaveAt"/>). Subscribers Redis does not track one by one
    /// (per-task mode with one room: every task) are ids 0 to <paramref name="copies"/> - 1.
    /// </summary>
    public double ShareCopies(double cpuDone, List<int> subscribers, int copies, double bytesPerCopy)
    {
        ReadOnlySpan<int> flows = subscribers.Count > 0
            ? CollectionsMarshal.AsSpan(subscribers)[..copies]
            : (_everyId ??= Enumerable.Range(0, _subscriberIds).ToArray()).AsSpan(0, copies);
        return _shared!.EnqueueEach(cpuDone, flows, bytesPerCopy);
    }

    /// <summary>A shared egress: whether the copies tagged <paramref name="tag"/> have left, as far as it has run.
    /// </summary>
    public bool CopiesSent(double tag) => _shared!.HasSent(tag);

    /// <summary>A shared egress: the copies tagged <paramref name="tag"/> have left and are asked after no more.
    /// </summary>
    public void ReleaseCopies(double tag) => _shared!.Release(tag);

    /// <summary>A shared egress: when the copies tagged <paramref name="tag"/> leave if nothing more arrives (what
    /// arrives later takes its share, so they can only leave later).</summary>
    public double CopiesLeaveAt(double tag) => _shared!.DoneAt(tag);

    /// <summary>A shared egress: queues <paramref name="bytes"/> on the bus link <paramref name="busLink"/>; its
    /// arrival is reported by <see cref="TryTakeForwarded"/> once it has left.</summary>
    public void Forward(double ready, int busLink, double bytes) =>
        _shared!.Enqueue(ready, _subscriberIds + busLink, bytes);

    /// <summary>A shared egress: runs it up to <paramref name="time"/> (all the way with +infinity).</summary>
    public void AdvanceEgress(double time) => _shared!.AdvanceTo(time);

    /// <summary>The next forward that has left the node: on which bus link, and when.</summary>
    public bool TryTakeForwarded(out int busLink, out double leftAt)
    {
        bool any = _shared!.TryTakeDone(out int flow, out leftAt);
        busLink = flow - _subscriberIds;
        return any;
    }
}
