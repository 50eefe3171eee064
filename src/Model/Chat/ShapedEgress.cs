using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Redis' egress through a dropping shaper, subscriber by subscriber. Redis 7.0 keeps a channel's subscribers in a
/// list (SUBSCRIBE appends) and writes a PUBLISH's copies in that order, one packet each, so when the shaping queue
/// overflows it is the last subscribers' copies that are dropped. TCP then holds back everything behind a lost
/// packet on that subscriber's connection until the retransmission gets through: after the retransmission timeout,
/// doubling on every repeated loss. A subscriber is a connection (per-connection mode) or a task (per-task mode).
/// </summary>
internal sealed class ShapedEgress
{
    /// <summary>Linux TCP_RTO_MIN: in-VPC round trips are far below it, so the first timeout is the minimum.</summary>
    public const double MinRetransmitSeconds = 0.2;

    /// <summary>Linux TCP_RTO_MAX.</summary>
    public const double MaxRetransmitSeconds = 120;

    private const int None = -1;

    private readonly BurstShaper _shaper;
    private readonly Simulator<ChatEvent> _simulator;
    private readonly double _packetBytes;
    private readonly double _oneWay;
    private readonly BinnedAmount _trace;

    // Subscribers in subscription order: a doubly linked list over subscriber ids.
    private readonly int[] _previous;
    private readonly int[] _next;
    private int _head = None;
    private int _tail = None;

    private readonly bool[] _subscribed;
    private readonly bool[] _stalled;

    // First message the shaper has not yet taken for a stalled subscriber.
    private readonly int[] _heldFrom;

    // Messages from the gate on have not reached the subscriber yet; int.MaxValue when nothing is held back.
    private readonly int[] _gate;

    // The up-to of the newest catch-up on its way to the subscriber.
    private readonly int[] _latestCatchUp;
    private readonly double[] _backoff;
    private double _lastOffer;

    /// <param name="subscribers">how many subscriber ids there can be</param>
    /// <param name="trace">where the bytes that leave are recorded over time</param>
    public ShapedEgress(BurstShaper shaper, Simulator<ChatEvent> simulator, double packetBytes, double oneWay,
        int subscribers, BinnedAmount trace)
    {
        _trace = trace;
        Drops = new BinnedAmount(0.1, 60);
        RetransmissionTimes = new BinnedAmount(0.1, 60);
        _shaper = shaper;
        _simulator = simulator;
        _packetBytes = packetBytes;
        _oneWay = oneWay;
        _previous = new int[subscribers];
        _next = new int[subscribers];
        _subscribed = new bool[subscribers];
        _stalled = new bool[subscribers];
        _heldFrom = new int[subscribers];
        _gate = new int[subscribers];
        _latestCatchUp = new int[subscribers];
        _backoff = new double[subscribers];
        Array.Fill(_gate, int.MaxValue);
    }

    public BurstShaper Shaper => _shaper;

    /// <summary>Packets dropped, per 100 ms.</summary>
    public BinnedAmount Drops { get; }

    /// <summary>Retransmission timeouts that fired, per 100 ms.</summary>
    public BinnedAmount RetransmissionTimes { get; }

    /// <summary>Subscribers whose copies wait for a retransmission.</summary>
    public int Stalled { get; private set; }

    /// <summary>Retransmission timeouts that fired (each resends what the subscriber had held back).</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Messages from this index on have not reached the subscriber (int.MaxValue: none held back).</summary>
    public int Gate(int subscriber) => _gate[subscriber];

    public void Subscribe(int subscriber)
    {
        _subscribed[subscriber] = true;
        _previous[subscriber] = _tail;
        _next[subscriber] = None;
        if (_tail == None)
        {
            _head = subscriber;
        }
        else
        {
            _next[_tail] = subscriber;
        }
        _tail = subscriber;
    }

    /// <summary>The subscription ends: what Redis still held for it is gone with it.</summary>
    public void Unsubscribe(int subscriber)
    {
        if (!_subscribed[subscriber])
        {
            return;
        }
        _subscribed[subscriber] = false;
        if (_stalled[subscriber])
        {
            _stalled[subscriber] = false;
            Stalled--;
        }
        int before = _previous[subscriber];
        int after = _next[subscriber];
        if (before == None)
        {
            _head = after;
        }
        else
        {
            _next[before] = after;
        }
        if (after == None)
        {
            _tail = before;
        }
        else
        {
            _previous[after] = before;
        }
    }

    /// <summary>
    /// Message <paramref name="message"/> leaves Redis at <paramref name="ready"/> to the
    /// <paramref name="subscribers"/> subscribers; stalled ones only queue it behind their lost packet. Returns when
    /// its last copy has left.
    /// </summary>
    public double Publish(double ready, int message, int subscribers)
    {
        double at = Math.Max(ready, _lastOffer);
        _lastOffer = at;
        ShapedBurst burst = Offer(at, subscribers - Stalled);
        if (burst.Dropped > 0)
        {
            StallTail(burst.Dropped, message, at);
        }
        return burst.LastDeparture;
    }

    /// <summary>
    /// The subscriber's retransmission timeout fired at <paramref name="now"/>: the lost copy and everything held
    /// behind it (up to <paramref name="published"/>) are offered again.
    /// </summary>
    public void Retransmit(int subscriber, double now, int published)
    {
        if (!_stalled[subscriber])
        {
            return;
        }
        Retransmissions++;
        RetransmissionTimes.Add(now, now, 1);
        double at = Math.Max(now, _lastOffer);
        _lastOffer = at;
        int held = published - _heldFrom[subscriber];
        ShapedBurst burst = Offer(at, held);
        if (burst.Accepted == 0)
        {
            _backoff[subscriber] = Math.Min(MaxRetransmitSeconds, 2 * _backoff[subscriber]);
            _simulator.Schedule(at + _backoff[subscriber], ChatEvent.RedisRetransmit(subscriber));
            return;
        }
        int upTo = _heldFrom[subscriber] + burst.Accepted;
        _latestCatchUp[subscriber] = upTo;
        _simulator.Schedule(burst.LastDeparture + _oneWay, ChatEvent.RedisCatchUp(subscriber, upTo));
        _heldFrom[subscriber] = upTo;
        // New data acknowledged resets the backoff; a partial burst loses its tail again.
        _backoff[subscriber] = MinRetransmitSeconds;
        if (burst.Dropped > 0)
        {
            _simulator.Schedule(at + MinRetransmitSeconds, ChatEvent.RedisRetransmit(subscriber));
        }
        else
        {
            _stalled[subscriber] = false;
            Stalled--;
        }
    }

    /// <summary>
    /// Held copies up to <paramref name="upTo"/> reached the subscriber; returns the messages it now has from Redis
    /// (the new gate).
    /// </summary>
    public int CatchUp(int subscriber, int upTo)
    {
        bool newest = _latestCatchUp[subscriber] == upTo;
        _gate[subscriber] = !newest ? upTo : _stalled[subscriber] ? _heldFrom[subscriber] : int.MaxValue;
        return _gate[subscriber];
    }

    /// <summary>Offers a burst and records when its bytes leave: at once on tokens, then at the shaper's rate.</summary>
    private ShapedBurst Offer(double at, int packets)
    {
        ShapedBurst burst = _shaper.Offer(at, packets, _packetBytes);
        Drops.Add(at, at, burst.Dropped);
        int passed = burst.Accepted - burst.Queued;
        _trace.Add(at, at, passed * _packetBytes);
        if (burst.Queued > 0)
        {
            double queuedBytes = burst.Queued * _packetBytes;
            double from = Math.Max(at, burst.LastDeparture - queuedBytes / _shaper.RateInForce);
            _trace.Add(from, burst.LastDeparture, queuedBytes);
        }
        return burst;
    }

    /// <summary>The last <paramref name="dropped"/> copies of the burst were lost: their subscribers stall.</summary>
    private void StallTail(int dropped, int message, double at)
    {
        int subscriber = _tail;
        while (dropped > 0 && subscriber != None)
        {
            if (!_stalled[subscriber])
            {
                _stalled[subscriber] = true;
                Stalled++;
                _heldFrom[subscriber] = message;
                if (_gate[subscriber] == int.MaxValue)
                {
                    _gate[subscriber] = message;
                }
                _backoff[subscriber] = MinRetransmitSeconds;
                _simulator.Schedule(at + MinRetransmitSeconds, ChatEvent.RedisRetransmit(subscriber));
                dropped--;
            }
            subscriber = _previous[subscriber];
        }
    }
}
