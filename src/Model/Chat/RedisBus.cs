using FanoutSim.Model.Rooms;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// The Redis layer: one node, or shards each owning the rooms whose channel hashes to their slots
/// (<see cref="HashSlots"/>). A room's PUBLISH and its subscribers meet on its shard; classic cluster pub/sub also
/// forwards every PUBLISH over the cluster bus to every other master, which each spend CPU on it; there the bus links
/// are kept apart from the subscribers' connections on each master's fluid egress (<see cref="RedisShard"/>).
/// </summary>
internal sealed class RedisBus
{
    private readonly CostProfile _profile;
    private readonly RedisShard[] _shards;
    private readonly int[] _shardOfRoom;
    private readonly bool _forwardsToEveryShard;
    private readonly double _forwardBytes;
    private readonly int[] _messagesIn;
    private readonly int[] _subscribersIn;
    private readonly CopyBytes? _copyBytes;

    // A flow-shared egress (classic cluster on fluid links): each room's subscribers on its master, one flow each,
    // and the tags of the room's messages whose copies are still on their way, oldest first.
    private readonly bool _sharesFlows;
    private readonly List<int>[] _subscribersOf = [];
    private readonly Queue<double>[] _copiesOnTheirWay = [];

    /// <param name="copyByCopy">send each copy as its own transfer (exact mode) instead of one fluid burst</param>
    /// <param name="subscriberIds">how many subscriber ids a shaped node must track (connections or tasks)</param>
    /// <param name="horizonSeconds">how far the run can reach: the millisecond egress record stops there</param>
    /// <param name="rooms">room channels</param>
    /// <param name="copyBytes">each room's copy sizes when room classes set their own; null = the profile's</param>
    /// <param name="streams">the run's random streams, for a shaped egress' probe spread (null: none)</param>
    public RedisBus(CostProfile profile, Deployment deployment, bool copyByCopy, Simulator<ChatEvent> simulator,
        int subscriberIds, double horizonSeconds, int rooms = 1, CopyBytes? copyBytes = null,
        RandomStreams? streams = null)
    {
        _copyBytes = copyBytes;
        _messagesIn = new int[rooms];
        _subscribersIn = new int[rooms];
        _profile = profile;
        int shards = deployment.RedisShards;
        _forwardsToEveryShard = ClusterBus.ForwardsEveryPublish(deployment);
        _forwardBytes = ClusterBus.BytesPerPublish(deployment, profile);
        _sharesFlows = ClusterBus.SharesEgressPerFlow(deployment);
        _shards = new RedisShard[shards];
        for (int i = 0; i < shards; i++)
        {
            _shards[i] = new RedisShard(profile, deployment, copyByCopy, simulator, subscriberIds, horizonSeconds,
                _sharesFlows ? shards - 1 : 0, streams, i);
        }
        _shardOfRoom = new int[rooms];
        for (int room = 0; room < rooms; room++)
        {
            _shardOfRoom[room] = HashSlots.ShardOfRoom(room, shards);
        }
        if (_sharesFlows)
        {
            _subscribersOf = new List<int>[rooms];
            for (int room = 0; room < rooms; room++)
            {
                _subscribersOf[room] = new List<int>();
            }
            _copiesOnTheirWay = new Queue<double>[rooms];
            for (int room = 0; room < rooms; room++)
            {
                _copiesOnTheirWay[room] = new Queue<double>();
            }
        }
    }

    /// <summary>The shards, in creation order (one for a single node).</summary>
    public IReadOnlyList<RedisShard> Shards => _shards;

    /// <summary>Bytes leaving the busiest node, millisecond by millisecond.</summary>
    public BinnedAmount EgressTrace => Busiest.EgressTrace;

    /// <summary>The subscriber-by-subscriber egress of a shaped single node; null on a fluid link.</summary>
    public ShapedEgress? Shaped => _shards[0].Shaped;

    /// <summary>Messages published so far, over every room.</summary>
    public int MessageCount { get; private set; }

    /// <summary>Messages published to <paramref name="room"/> so far; the index its next PUBLISH gets.</summary>
    public int MessageCountIn(int room) => _messagesIn[room];

    /// <summary>Redis-side subscriptions to <paramref name="room"/>'s channel.</summary>
    public int SubscribersIn(int room) => _subscribersIn[room];

    /// <summary>The shard that owns <paramref name="room"/>'s channel.</summary>
    public int ShardOf(int room) => _shardOfRoom[room];

    /// <summary>Egress busy time over every node (divide by <see cref="Shards"/> for a mean share).</summary>
    public double EgressBusyTime
    {
        get
        {
            double busy = 0;
            foreach (RedisShard shard in _shards)
            {
                busy += shard.EgressBusyTime;
            }
            return busy;
        }
    }

    /// <summary>Bytes sent by every node.</summary>
    public double EgressBytesSent
    {
        get
        {
            double bytes = 0;
            foreach (RedisShard shard in _shards)
            {
                bytes += shard.EgressBytesSent;
            }
            return bytes;
        }
    }

    /// <summary>When what the <paramref name="room"/>'s node egress holds at <paramref name="now"/> has left.</summary>
    public double EgressFreeAt(int room, double now) => _shards[_shardOfRoom[room]].EgressFreeAt(now);

    public void Subscribe(int subscriber, int room)
    {
        _subscribersIn[room]++;
        _shards[_shardOfRoom[room]].Shaped?.Subscribe(subscriber);
        if (_sharesFlows)
        {
            _subscribersOf[room].Add(subscriber);
        }
    }

    public void Unsubscribe(int subscriber, int room)
    {
        _subscribersIn[room]--;
        _shards[_shardOfRoom[room]].Shaped?.Unsubscribe(subscriber);
        if (_sharesFlows)
        {
            _subscribersOf[room].Remove(subscriber);
        }
    }

    /// <summary>
    /// Executes a PUBLISH that reached Redis at <paramref name="now"/>; returns when its copies leave the node (on a
    /// flow-shared egress, the earliest they can: see <see cref="CopiesLeft"/>).
    /// </summary>
    public (double Start, double End) Publish(double now, int room, int copies)
    {
        _messagesIn[room]++;
        int message = MessageCount++;
        int owner = _shardOfRoom[room];
        RedisShard shard = _shards[owner];
        Advance(now);
        // The message has its size whether or not anyone gets a copy (a drawn size is drawn for every PUBLISH).
        double copyBytes = _copyBytes?.Next(room) ?? _profile.RedisBytesPerCopy;
        double cpuDone = shard.Compute(now,
            _profile.RedisPublishCpuSeconds + copies * _profile.RedisCopyCpuFor(copyBytes));
        if (_sharesFlows)
        {
            return PublishShared(owner, room, cpuDone, copies, copyBytes);
        }
        (double Start, double End) sent = copies == 0
            ? (cpuDone, cpuDone)
            : shard.SendCopies(cpuDone, message, copies, copyBytes, now);
        if (_forwardsToEveryShard)
        {
            // Ready with the copies; the link sends it after them, its payload as big as a copy's.
            Forward(owner, cpuDone,
                _copyBytes is null ? _forwardBytes : ClusterBus.BytesPerPublish(_shards.Length, copyBytes));
        }
        return sent;
    }

    /// <summary>
    /// Classic cluster pub/sub: after its local copies, the owner sends the message over the bus to every other
    /// master, and each spends a PUBLISH's CPU on it (its subscribers of the room, if any, are none: they attach to
    /// the slot's owner).
    /// </summary>
    private void Forward(int owner, double ready, double bytes)
    {
        double arrives = _shards[owner].SendOther(ready, bytes) + _profile.RedisRttSeconds / 2;
        for (int i = 0; i < _shards.Length; i++)
        {
            if (i != owner)
            {
                _shards[i].ComputeLater(arrives, _profile.RedisPublishCpuSeconds);
            }
        }
    }

    /// <summary>
    /// A flow-shared egress: the copies go out on their subscribers' flows, and the message on the bus link to each
    /// other master; a bus link that wants more than its share keeps a backlog (Redis 7.0's cluster link send buffer
    /// is unbounded by default), so the other masters get the message later.
    /// </summary>
    private (double Start, double End) PublishShared(int owner, int room, double cpuDone, int copies,
        double copyBytes)
    {
        RedisShard shard = _shards[owner];
        double end = cpuDone;
        double tag = double.NegativeInfinity; // no copies
        if (copies > 0)
        {
            tag = shard.ShareCopies(cpuDone, _subscribersOf[room], copies, copyBytes);
            end = shard.CopiesLeaveAt(tag);
        }
        _copiesOnTheirWay[room].Enqueue(tag);
        double forwardBytes = ClusterBus.ForwardBytes(copyBytes);
        for (int link = 0; link < _shards.Length - 1; link++)
        {
            shard.Forward(cpuDone, link, forwardBytes);
        }
        HandOverForwards(owner);
        return (cpuDone, end);
    }

    /// <summary>
    /// Whether the copies of <paramref name="room"/>'s oldest message on its way have left its node by
    /// <paramref name="leftBy"/> (always, on a FIFO egress, whose departures are known when queued); if not, the
    /// earliest they can: a flow-shared egress tells when copies leave if nothing more arrives, and more did. A
    /// node whose egress has already been run past <paramref name="leftBy"/> (its CPU works ahead) answers as of
    /// then.
    /// </summary>
    public bool CopiesLeft(int room, double leftBy, out double notBefore)
    {
        notBefore = leftBy;
        // Per-iteration writes decide who lost the copies when their iteration ends: before they arrive.
        _shards[_shardOfRoom[room]].Shaped?.WriteIterationsDueBy(leftBy);
        if (!_sharesFlows)
        {
            return true;
        }
        Advance(leftBy);
        RedisShard shard = _shards[_shardOfRoom[room]];
        double tag = _copiesOnTheirWay[room].Peek();
        if (double.IsNegativeInfinity(tag))
        {
            // A PUBLISH nobody was subscribed to: no copies.
            _copiesOnTheirWay[room].Dequeue();
            return true;
        }
        // (What is left to send may round to no time at all: then they have left.)
        if (shard.CopiesSent(tag) || (notBefore = shard.CopiesLeaveAt(tag)) <= leftBy)
        {
            _copiesOnTheirWay[room].Dequeue();
            shard.ReleaseCopies(tag);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Runs every flow-shared egress up to <paramref name="now"/> and hands the forwards that have left to their
    /// masters' CPUs: before any CPU takes work at <paramref name="now"/>, so each takes it in arrival order.
    /// </summary>
    private void Advance(double now)
    {
        if (!_sharesFlows)
        {
            return;
        }
        for (int i = 0; i < _shards.Length; i++)
        {
            _shards[i].AdvanceEgress(now);
            HandOverForwards(i);
        }
    }

    /// <summary>Each forward that has left <paramref name="owner"/> reaches its master half a round trip later,
    /// which spends a PUBLISH's CPU on it.</summary>
    private void HandOverForwards(int owner)
    {
        RedisShard shard = _shards[owner];
        while (shard.TryTakeForwarded(out int link, out double leftAt))
        {
            int master = link < owner ? link : link + 1;
            _shards[master].ComputeLater(leftAt + _profile.RedisRttSeconds / 2, _profile.RedisPublishCpuSeconds);
        }
    }

    /// <summary>Hands every node's CPU the work still on its way, once the run is over.</summary>
    public void Settle()
    {
        Advance(double.PositiveInfinity);
        foreach (RedisShard shard in _shards)
        {
            shard.Settle();
        }
    }

    private RedisShard Busiest
    {
        get
        {
            RedisShard busiest = _shards[0];
            foreach (RedisShard shard in _shards)
            {
                if (shard.EgressBytesSent > busiest.EgressBytesSent)
                {
                    busiest = shard;
                }
            }
            return busiest;
        }
    }
}
