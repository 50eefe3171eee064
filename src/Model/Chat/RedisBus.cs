using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// The Redis node: a single-threaded CPU and then its egress, either a metered fluid link or, when the node's
/// allowance is enforced at the millisecond scale, a dropping shaper seen subscriber by subscriber.
/// </summary>
internal sealed class RedisBus
{
    private readonly CostProfile _profile;
    private readonly bool _copyByCopy;
    private readonly TokenBucketLink? _link;
    private readonly int[] _messagesIn;
    private readonly int[] _subscribersIn;

    /// <param name="copyByCopy">send each copy as its own transfer (exact mode) instead of one fluid burst</param>
    /// <param name="subscriberIds">how many subscriber ids a shaped node must track (connections or tasks)</param>
    /// <param name="horizonSeconds">how far the run can reach: the millisecond egress record stops there</param>
    /// <param name="rooms">room channels</param>
    public RedisBus(CostProfile profile, Deployment deployment, bool copyByCopy, Simulator<ChatEvent> simulator,
        int subscriberIds, double horizonSeconds, int rooms = 1)
    {
        _messagesIn = new int[rooms];
        _subscribersIn = new int[rooms];
        _profile = profile;
        _copyByCopy = copyByCopy;
        Cpu = new FifoServer();
        EgressTrace = new BinnedAmount(0.001, horizonSeconds);
        RedisNodeType node = deployment.RedisNode;
        if (node.Shaping is { } shaping)
        {
            BurstShaper shaper = shaping.RateGbps is { } gbps
                ? new BurstShaper(gbps * 1e9 / 8, gbps * 1e9 / 8, 0, 0, shaping.BucketBytes, shaping.QueueBytes)
                : new BurstShaper(node.BaselineBytesPerSecond, node.BurstBytesPerSecond, node.BucketBytes,
                    deployment.RedisCreditAtStart, shaping.BucketBytes, shaping.QueueBytes);
            Shaped = new ShapedEgress(shaper, simulator,
                profile.RedisCopyBytes(shaped: true), profile.RedisRttSeconds / 2,
                subscriberIds, EgressTrace, profile.RedisPacedRecovery, horizonSeconds, deployment.PubsubLimit);
        }
        else
        {
            _link = new TokenBucketLink(node.BaselineBytesPerSecond, node.BurstBytesPerSecond, node.BucketBytes,
                deployment.RedisCreditAtStart);
        }
    }

    public FifoServer Cpu { get; }

    /// <summary>Bytes leaving the node, millisecond by millisecond.</summary>
    public BinnedAmount EgressTrace { get; }

    /// <summary>The subscriber-by-subscriber egress of a shaped node; null on a fluid link.</summary>
    public ShapedEgress? Shaped { get; }

    /// <summary>Messages published so far, over every room.</summary>
    public int MessageCount { get; private set; }

    /// <summary>Messages published to <paramref name="room"/> so far; the index its next PUBLISH gets.</summary>
    public int MessageCountIn(int room) => _messagesIn[room];

    /// <summary>Redis-side subscriptions to <paramref name="room"/>'s channel.</summary>
    public int SubscribersIn(int room) => _subscribersIn[room];

    public double EgressBusyTime => _link?.BusyTime ?? Shaped!.Shaper.BusyTime;

    public double EgressBytesSent => _link?.BytesSent ?? Shaped!.Shaper.BytesSent;

    public double EgressTotalWait => _link?.TotalWait ?? Shaped!.Shaper.TotalWait;

    /// <summary>When what the egress holds at <paramref name="now"/> will have left.</summary>
    public double EgressFreeAt(double now) => _link?.FreeAt ?? Shaped!.Shaper.DrainedAt(now);

    public void Subscribe(int subscriber, int room)
    {
        _subscribersIn[room]++;
        Shaped?.Subscribe(subscriber);
    }

    public void Unsubscribe(int subscriber, int room)
    {
        _subscribersIn[room]--;
        Shaped?.Unsubscribe(subscriber);
    }

    /// <summary>
    /// Executes a PUBLISH that reached Redis at <paramref name="now"/>; returns when its copies leave the node.
    /// </summary>
    public (double Start, double End) Publish(double now, int room, int copies)
    {
        _messagesIn[room]++;
        int message = MessageCount++;
        double cpuDone = Cpu.Submit(now, _profile.RedisPublishCpuSeconds + copies * _profile.RedisCopyCpuSeconds);
        if (copies == 0)
        {
            return (cpuDone, cpuDone);
        }
        if (_link is null)
        {
            return (cpuDone, Shaped!.Publish(cpuDone, message, copies));
        }
        if (!_copyByCopy)
        {
            (double burstStart, double burstEnd) = _link.Transmit(cpuDone, copies * _profile.RedisBytesPerCopy);
            EgressTrace.Add(burstStart, burstEnd, copies * _profile.RedisBytesPerCopy);
            return (burstStart, burstEnd);
        }
        (double start, double end) = _link.Transmit(cpuDone, _profile.RedisBytesPerCopy);
        EgressTrace.Add(start, end, _profile.RedisBytesPerCopy);
        for (int copy = 1; copy < copies; copy++)
        {
            (double copyStart, end) = _link.Transmit(cpuDone, _profile.RedisBytesPerCopy);
            EgressTrace.Add(copyStart, end, _profile.RedisBytesPerCopy);
        }
        return (start, end);
    }
}
