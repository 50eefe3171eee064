using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>The Redis node: a single-threaded CPU and a metered egress link, in that order.</summary>
internal sealed class RedisBus
{
    private readonly CostProfile _profile;
    private readonly bool _copyByCopy;

    /// <param name="copyByCopy">send each copy as its own transfer (exact mode) instead of one fluid burst</param>
    public RedisBus(CostProfile profile, RedisNodeType node, bool copyByCopy)
    {
        _profile = profile;
        _copyByCopy = copyByCopy;
        Cpu = new FifoServer();
        Egress = new TokenBucketLink(node.BaselineBytesPerSecond, node.BurstBytesPerSecond, node.BucketBytes);
    }

    public FifoServer Cpu { get; }

    public TokenBucketLink Egress { get; }

    /// <summary>Messages published so far; the index the next PUBLISH gets.</summary>
    public int MessageCount { get; private set; }

    /// <summary>Redis-side subscriptions to the room channel.</summary>
    public int Subscribers { get; set; }

    /// <summary>
    /// Executes a PUBLISH that reached Redis at <paramref name="now"/>; returns when its copies leave the node.
    /// </summary>
    public (double Start, double End) Publish(double now, int copies)
    {
        MessageCount++;
        double cpuDone = Cpu.Submit(now, _profile.RedisPublishCpuSeconds + copies * _profile.RedisCopyCpuSeconds);
        if (copies == 0)
        {
            return (cpuDone, cpuDone);
        }
        if (!_copyByCopy)
        {
            return Egress.Transmit(cpuDone, copies * _profile.RedisBytesPerCopy);
        }
        (double start, double end) = Egress.Transmit(cpuDone, _profile.RedisBytesPerCopy);
        for (int copy = 1; copy < copies; copy++)
        {
            end = Egress.Transmit(cpuDone, _profile.RedisBytesPerCopy).End;
        }
        return (start, end);
    }
}
