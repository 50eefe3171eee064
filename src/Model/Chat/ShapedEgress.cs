using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Redis' egress through a dropping shaper, subscriber by subscriber. Redis 7.0 keeps a channel's subscribers in a
/// list (SUBSCRIBE appends) and writes a PUBLISH's copies in that order, one packet each, so when the shaping queue
/// overflows it is the last subscribers' copies that are dropped. TCP then holds back everything behind a lost
/// packet on that subscriber's connection until it gets through. It tries again as soon as it has more to send
/// (the subscriber's next copy: a fast retransmit once the receiver reports the gap, or, for a drop in the sender's
/// own queue, the next write pushing the unsent head), and otherwise after the retransmission timeout, doubling on
/// every repeated loss. A subscriber is a connection (per-connection mode) or a task (per-task mode).
/// Given the link's segment size (<see cref="CopySegments"/>), what a held-back subscriber has pending leaves
/// coalesced, as the kernel sends a socket's backlog: segments of up to the MSS, so a dropped head segment holds back
/// every copy in it, and a head larger than the whole shaping queue never gets through it. Without one, every copy
/// is a packet of its own.
/// With per-iteration writes (<see cref="RedisIterations"/>), a subscriber is written once per event-loop iteration:
/// the copies of every PUBLISH the iteration ran leave together, in ceil(bytes / MSS) segments, and a held-back
/// subscriber is tried again once per iteration instead of once per PUBLISH.
/// Optionally (<see cref="Scenarios.CostProfile.RedisCorkBehindQueue"/>) a subscriber whose last segment still waits
/// in the shaping queue is corked, as Linux's TCP autocorking does while a socket has a packet in its qdisc: Redis'
/// write appends its copies to the socket, and they leave coalesced into segments when that segment has left, not
/// in the iteration's burst.
/// Optionally (<see cref="Scenarios.CostProfile.RedisRetryOnAck"/>, a shaper in Redis' own kernel) a write the queue
/// drops while the subscriber still has a segment in it is tried again when that segment's ACK comes back: a drop in
/// the sender's own qdisc is a failed transmit, the data stays unsent at the head of the socket, and Linux sends a
/// socket's unsent data on every ACK it gets. Only a subscriber with nothing in flight waits for Redis' next write
/// to it or the probe timer.
/// Optionally (<see cref="Scenarios.CostProfile.RedisAbortAfterProbes"/>) a held-back subscriber that keeps failing,
/// nothing of it getting through, for as long as that many of the kernel's timer retries take
/// (<see cref="ProbeBudget"/>) is aborted at its next failed try, as Linux aborts a socket whose probes failed
/// tcp_retries2 times (TCPAbortOnTimeout): Redis frees the client and writes it nothing more, and the server is not
/// told (nothing reaches its socket), so the subscriber receives nothing from its held copies on until it
/// unsubscribes.
/// Optionally (<see cref="Scenarios.CostProfile.RedisFreshHeadCoalesced"/>, a packet a copy) a subscriber held back
/// from the first copies written to it after it subscribed has nothing in flight, so no ACK pushes its socket: it
/// offers everything it holds as one segment of up to the size goal (Linux appends writes to a socket's unsent head
/// up to it), at Redis' writes and on its timer (the 500 ms probe under a local shaper); a head larger than the
/// shaping queue never gets through it. Once anything of it got through it is held back copy by copy as before.
/// Optionally (<see cref="Scenarios.CostProfile.RedisLastSubscribedFirst"/>) a burst is written last-subscribed first,
/// as Redis' pending-write list has it, so a full queue refuses the earliest subscribers' copies; and optionally
/// (<see cref="Scenarios.CostProfile.RedisIdleHeadCoalesced"/>, with per-iteration writes and fresh heads) a
/// subscriber refused while nothing of it is in flight is held back as a fresh one, whenever that happens.
/// Optionally (<see cref="Scenarios.CostProfile.RedisProbeSpreadSeconds"/>) a subscriber a burst refuses arms its
/// timer a uniform draw later than the minimum timeout, so the subscribers one burst refused probe the queue one by
/// one, not at one instant; and a failed retry at a later write leaves a pending timer as it is.
/// Optionally (<see cref="Scenarios.CostProfile.RedisProbeHeadCoalesced"/>, with idle heads) a timer retry of a
/// subscriber with nothing in flight offers its whole hold as one fresh head, whatever it had in flight when it was
/// refused; and optionally (<see cref="Scenarios.CostProfile.RedisTimerHz"/>) retry timers fire on the kernel's
/// timer wheel (<see cref="KernelTimerWheel"/>), so subscribers refused milliseconds apart probe together.
/// </summary>
internal sealed class ShapedEgress
{
    /// <summary>Linux TCP_RTO_MIN: in-VPC round trips are far below it, so the first timeout is the minimum.</summary>
    public const double MinRetransmitSeconds = 0.2;

    /// <summary>Linux TCP_RTO_MAX.</summary>
    public const double MaxRetransmitSeconds = 120;

    /// <summary>
    /// Linux's initial TCP send buffer (net.ipv4.tcp_wmem's default, 16 KiB), with per-iteration writes: unless the
    /// profile says otherwise (<see cref="Scenarios.CostProfile.RedisSendBufferKb"/>), a held-back subscriber's socket
    /// takes this much before Redis' writes to it fail (EAGAIN) and wait for room, so a full socket is not pushed
    /// again by Redis' writes, only by its retransmission timer; and, unless the profile says otherwise
    /// (<see cref="Scenarios.CostProfile.RedisMaxSegmentKb"/>), no segment is larger, whatever the buffer.
    /// </summary>
    public const double SendBufferBytes = 16384;

    /// <summary>
    /// Linux's TCP_RESOURCE_PROBE_INTERVAL: when a segment is dropped by the sender's own queue (a local drop, as
    /// under tc), the probe timer tries again after this, without backing off.
    /// </summary>
    public const double ResourceProbeSeconds = 0.5;

    private const int None = -1;

    /// <summary>Linux's initial congestion window, in segments: what a connection sends at once after a loss.</summary>
    private const int InitialWindow = 10;

    private readonly BurstShaper _shaper;
    private readonly Simulator<ChatEvent> _simulator;
    private readonly double _packetBytes;
    private readonly double _oneWay;
    private readonly BinnedAmount _trace;
    private readonly bool _pacedRecovery;
    private readonly OutputBufferLimit _limit;
    private readonly CopySegments? _segments;

    // Null: each PUBLISH's copies leave on their own as its CPU finishes.
    private readonly RedisIterations? _iterations;

    // The shaper is in the sender's own kernel (tc): a timer retry it drops again does not back off.
    private readonly bool _localDrops;

    // Null: neither corking nor retries on ACKs. Else when each subscriber's last segment leaves the shaping queue.
    private readonly double[]? _queuedUntil;

    // Corking behind the queue (else every write is offered at once).
    private readonly bool _cork;

    // What a held-back subscriber's socket takes before Redis' writes to it fail (and push it no more).
    private readonly double _sendBufferBytes;

    // A dropped write is tried again on the ACK of the subscriber's segment still queued.
    private readonly bool _retryOnAck;

    // Whether each stalled subscriber's pending retry is an ACK's, not a timer's (a loss then does not back off).
    private readonly bool[] _ackRetry;

    // Stalled subscribers that lost nothing: their copies wait in the socket behind a queued segment.
    private readonly bool[] _corked;

    // Per-iteration writes: one past the last message written so far.
    private int _writtenThrough;

    // Since when each subscriber's pending output has been above the soft limit (NaN: it is not).
    private readonly double[] _softSince;

    // The messages Redis discarded when it last disconnected the subscriber: [from, to).
    private readonly int[] _lostFrom;
    private readonly int[] _lostTo;

    // When the newest catch-up reaches the subscriber: a disconnect's loss is reported after it.
    private readonly double[] _latestCatchUpAt;

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

    // When each stalled subscriber's timeout is due; an older timeout event that no longer matches is stale.
    private readonly double[] _retryAt;

    // The stalled subscribers, in no particular order, and each one's place in that list.
    private readonly List<int> _stalledIds = new();
    private readonly int[] _stalledSlot;
    private double _lastOffer;

    // Timer retries that fail in a row before a subscriber is aborted (0 = never), and the time they take from the
    // first failure: the abort comes at the timer after the last of them.
    private readonly int _abortAfterProbes;
    private readonly double _abortAfterSeconds;

    // Since when each held-back subscriber has failed with nothing of it getting through (NaN: it is not failing).
    private readonly double[] _failingSince;

    // Subscribers aborted and not yet unsubscribed: Redis writes them nothing. An aborted one stays marked (its gate
    // frozen) until it subscribes again.
    private readonly bool[] _aborted;
    private int _abortedNow;

    // Fresh heads coalesced (null: off): the largest head a fresh held-back subscriber offers, whether its timer is
    // the local probe, the bursts written so far, the count when each subscriber subscribed, and which stalled
    // subscribers are held back from the first copies written to them.
    private readonly double _freshHeadBytes;
    private readonly bool _freshProbes;
    private long _writes;

    // Per-iteration writes: Redis CPU of one socket write at an iteration's end (0 = none).
    private readonly double _writeCpuSeconds;
    private readonly long[]? _subscribedAtWrite;
    private readonly bool[]? _fresh;

    // Bursts are written last-subscribed first (Redis' clients_pending_write): the end of the write order, the part a
    // full queue drops, is the head of the subscription order.
    private readonly bool _lastSubscribedFirst;

    // Fresh heads also for a subscriber refused with nothing in flight, not only at its first copies.
    private readonly bool _idleHeads;

    // A timer retry of a subscriber with nothing in flight offers its whole hold as one fresh head.
    private readonly bool _probeHeads;

    // The kernel timer wheel's ticks a second (0: timers fire at their exact time).
    private readonly double _timerHz;

    // Probe spread (null: off): the stream a refused subscriber's timer delay is drawn from, and its width.
    private readonly RandomStream? _probeSpread;
    private readonly double _probeSpreadSeconds;

    /// <param name="subscribers">how many subscriber ids there can be</param>
    /// <param name="trace">where the bytes that leave are recorded over time</param>
    /// <param name="pacedRecovery"><see cref="Scenarios.CostProfile.RedisPacedRecovery"/></param>
    /// <param name="horizonSeconds">how far the drop and retransmission records reach</param>
    /// <param name="limit">Redis' pubsub output buffer limit, applied to what a stalled subscriber holds</param>
    /// <param name="segments">how a stalled subscriber's pending copies coalesce; null = one packet per copy</param>
    /// <param name="iterationWrites"><see cref="Scenarios.CostProfile.RedisIterationWrites"/></param>
    /// <param name="localDrops">with per-iteration writes: the shaper is in Redis' own kernel (tc, the local runs),
    /// so a lost timer retry is tried again after <see cref="ResourceProbeSeconds"/>, not after a doubled timeout
    /// </param>
    /// <param name="corkBehindQueue">with per-iteration writes:
    /// <see cref="Scenarios.CostProfile.RedisCorkBehindQueue"/></param>
    /// <param name="retryOnAck">with per-iteration writes and local drops:
    /// <see cref="Scenarios.CostProfile.RedisRetryOnAck"/></param>
    /// <param name="sendBufferBytes">with per-iteration writes: what a held-back subscriber's socket takes before
    /// Redis' writes to it fail and stop pushing it (<see cref="Scenarios.CostProfile.RedisSendBufferKb"/>)</param>
    /// <param name="abortAfterProbes"><see cref="Scenarios.CostProfile.RedisAbortAfterProbes"/>: failed timer retries
    /// after which the kernel aborts a held-back subscriber's connection, timed as <see cref="ProbeBudget"/> says
    /// (local drops: whatever the writes); 0 = never</param>
    /// <param name="maxSegmentBytes">with per-iteration writes and segments: the largest segment a subscriber's
    /// backlog leaves in (<see cref="Scenarios.CostProfile.RedisMaxSegmentKb"/>; default the initial send buffer)
    /// </param>
    /// <param name="freshHeadCoalesced">a packet a copy: <see cref="Scenarios.CostProfile.RedisFreshHeadCoalesced"/>,
    /// the head up to <paramref name="maxSegmentBytes"/></param>
    /// <param name="lastSubscribedFirst"><see cref="Scenarios.CostProfile.RedisLastSubscribedFirst"/></param>
    /// <param name="idleHeadCoalesced">with per-iteration writes and fresh heads:
    /// <see cref="Scenarios.CostProfile.RedisIdleHeadCoalesced"/></param>
    /// <param name="writeCpuSeconds">with per-iteration writes:
    /// <see cref="Scenarios.CostProfile.RedisWriteCpuSeconds"/>, Redis CPU per socket write at an iteration's end;
    /// the next iteration reads when they are done</param>
    /// <param name="probeHeadCoalesced"><see cref="Scenarios.CostProfile.RedisProbeHeadCoalesced"/> (with idle
    /// heads)</param>
    /// <param name="timerHz"><see cref="Scenarios.CostProfile.RedisTimerHz"/>: 0 = timers at their exact time</param>
    /// <param name="probeSpreadSeconds"><see cref="Scenarios.CostProfile.RedisProbeSpreadSeconds"/>: the width of
    /// the uniform delay added to the timer of a subscriber a burst refuses (0 = none)</param>
    /// <param name="probeSpread">the stream that delay is drawn from; null = no spread, whatever the width</param>
    public ShapedEgress(BurstShaper shaper, Simulator<ChatEvent> simulator, double packetBytes, double oneWay,
        int subscribers, BinnedAmount trace, bool pacedRecovery, double horizonSeconds, OutputBufferLimit limit,
        CopySegments? segments = null, bool iterationWrites = false, bool localDrops = false,
        bool corkBehindQueue = false, bool retryOnAck = false, double sendBufferBytes = SendBufferBytes,
        int abortAfterProbes = 0, double maxSegmentBytes = SendBufferBytes,
        bool freshHeadCoalesced = false, bool lastSubscribedFirst = false, bool idleHeadCoalesced = false,
        double writeCpuSeconds = 0, double probeSpreadSeconds = 0, RandomStream? probeSpread = null,
        bool probeHeadCoalesced = false, double timerHz = 0)
    {
        _timerHz = timerHz;
        _writeCpuSeconds = writeCpuSeconds;
        if (probeSpreadSeconds > 0 && probeSpread is not null)
        {
            _probeSpread = probeSpread;
            _probeSpreadSeconds = probeSpreadSeconds;
        }
        if (freshHeadCoalesced && segments is null)
        {
            _freshHeadBytes = maxSegmentBytes;
            _freshProbes = localDrops;
            _subscribedAtWrite = new long[subscribers];
            _fresh = new bool[subscribers];
            _idleHeads = iterationWrites && idleHeadCoalesced;
            _probeHeads = _idleHeads && probeHeadCoalesced;
        }
        _lastSubscribedFirst = lastSubscribedFirst;
        _sendBufferBytes = sendBufferBytes;
        _abortAfterProbes = abortAfterProbes;
        _abortAfterSeconds = ProbeBudget(abortAfterProbes, localDrops);
        _failingSince = new double[subscribers];
        Array.Fill(_failingSince, double.NaN);
        _aborted = new bool[subscribers];
        _cork = iterationWrites && corkBehindQueue;
        _retryOnAck = iterationWrites && localDrops && retryOnAck;
        _queuedUntil = _cork || _retryOnAck || _idleHeads ? new double[subscribers] : null;
        _ackRetry = new bool[subscribers];
        _corked = new bool[subscribers];
        _localDrops = iterationWrites && localDrops;
        _iterations = iterationWrites ? new RedisIterations() : null;
        _limit = limit;
        _segments = iterationWrites && segments is { } s && s.MssBytes > maxSegmentBytes
            ? s with { MssBytes = maxSegmentBytes }
            : segments;
        _softSince = new double[subscribers];
        Array.Fill(_softSince, double.NaN);
        _lostFrom = new int[subscribers];
        _lostTo = new int[subscribers];
        _latestCatchUpAt = new double[subscribers];
        _trace = trace;
        _pacedRecovery = pacedRecovery;
        Drops = new BinnedAmount(0.1, horizonSeconds);
        RetransmissionTimes = new BinnedAmount(0.1, horizonSeconds);
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
        _retryAt = new double[subscribers];
        _stalledSlot = new int[subscribers];
        Array.Fill(_gate, int.MaxValue);
    }

    public BurstShaper Shaper => _shaper;

    /// <summary>Whether subscribers are written once per event-loop iteration (<see cref="PublishInIteration"/>).
    /// </summary>
    public bool IterationWrites => _iterations is not null;

    /// <summary>Packets (copies or coalesced segments) dropped, per 100 ms.</summary>
    public BinnedAmount Drops { get; }

    /// <summary>Lost copies sent again, per 100 ms.</summary>
    public BinnedAmount RetransmissionTimes { get; }

    /// <summary>Subscribers whose copies wait for a retransmission.</summary>
    public int Stalled => _stalledIds.Count;

    /// <summary>Times a stalled subscriber's lost copy was sent again: at its next copy, or when its timeout
    /// fired.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Of <see cref="Retransmissions"/>, those its retransmission or probe timer made: the subscriber had
    /// nothing else to push its socket (the kernel's TCPTimeouts and probe-timer sends).</summary>
    public long TimerRetries { get; private set; }

    /// <summary>Messages from this index on have not reached the subscriber (int.MaxValue: none held back).</summary>
    public int Gate(int subscriber) => _gate[subscriber];

    /// <summary>Subscribers Redis disconnected for passing the output buffer limit (they subscribe again at once).
    /// </summary>
    public long Disconnects { get; private set; }

    /// <summary>Held-back subscribers whose connection was aborted after failed timer retries (see
    /// <see cref="Scenarios.CostProfile.RedisAbortAfterProbes"/>).</summary>
    public long Aborts { get; private set; }

    /// <summary>Whether a held-back subscriber can be aborted
    /// (<see cref="Scenarios.CostProfile.RedisAbortAfterProbes"/> set).</summary>
    public bool AbortsOnProbes => _abortAfterProbes > 0;

    /// <summary>Whether the timers of subscribers a burst refuses are spread
    /// (<see cref="Scenarios.CostProfile.RedisProbeSpreadSeconds"/> set).</summary>
    public bool SpreadsProbes => _probeSpread is not null;

    /// <summary>Held-back subscribers held back from their first copies (fresh heads) whose head later got through
    /// (beside <see cref="Aborts"/>, those whose probes all failed).</summary>
    public long FreshHeadsThrough { get; private set; }

    /// <summary>The messages Redis discarded at the subscriber's last disconnect, [From, To); empty if none.</summary>
    public (int From, int To) Lost(int subscriber) => (_lostFrom[subscriber], _lostTo[subscriber]);

    public void Subscribe(int subscriber)
    {
        if (_aborted[subscriber])
        {
            // Subscribed again after its connection was aborted (a per-task server's room emptied and rejoined):
            // a new subscription, which gets what is published from now on.
            _aborted[subscriber] = false;
            _gate[subscriber] = int.MaxValue;
        }
        if (_fresh is not null)
        {
            _subscribedAtWrite![subscriber] = _writes;
            _fresh[subscriber] = false;
        }
        _subscribed[subscriber] = true;
        _previous[subscriber] = _tail;
        _next[subscriber] = None;
        if (_tail != None)
        {
            _next[_tail] = subscriber;
        }
        else
        {
            _head = subscriber;
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
        if (_aborted[subscriber])
        {
            // Out of the list since its abort, and held back no more.
            _abortedNow--;
            return;
        }
        if (_stalled[subscriber])
        {
            Unstall(subscriber);
        }
        Unlink(subscriber);
    }

    /// <summary>Takes the subscriber out of the subscription order.</summary>
    private void Unlink(int subscriber)
    {
        int before = _previous[subscriber];
        int after = _next[subscriber];
        if (before != None)
        {
            _next[before] = after;
        }
        else
        {
            _head = after;
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
        double at = OfferTime(ready);
        int stalledBefore = Stalled;
        // Aborted subscribers are written nothing: Redis freed them.
        ShapedBurst burst = Offer(at, subscribers - stalledBefore - _abortedNow, _packetBytes);
        if (burst.Dropped > 0)
        {
            StallTail(burst.Dropped, message, at);
        }
        // The ones stalled before now have more to send: TCP tries their lost copy again, with this one behind it.
        // (Those just stalled sit after them in the list; a swap on unstalling moves one of those down, never up.)
        for (int i = stalledBefore - 1; i >= 0; i--)
        {
            int subscriber = _stalledIds[i];
            if (OverLimit(subscriber, at, message + 1))
            {
                Disconnect(subscriber, at, message + 1);
                continue;
            }
            Resend(subscriber, at, message + 1, timedOut: false);
        }
        _writes++;
        return burst.LastDeparture;
    }

    /// <summary>
    /// Per-iteration writes: message <paramref name="message"/> reached Redis at <paramref name="arrival"/> and its
    /// CPU is done at <paramref name="cpuDone"/>. It joins the iteration that reads it; an iteration that can take no
    /// more is written first. Returns when its copies are out of Redis' CPU: they leave with the iteration's writes
    /// (<see cref="WriteIterationsDueBy"/>), at most one iteration's CPU later.
    /// </summary>
    public double PublishInIteration(double arrival, double cpuDone, int message, int subscribers)
    {
        RedisIterations iterations = _iterations!;
        if (iterations.StartsNew(arrival))
        {
            if (iterations.Open)
            {
                WriteIteration(iterations);
            }
            iterations.Begin(arrival, message);
        }
        iterations.Add(message, cpuDone, subscribers);
        // cpuDone, unless the iteration waited for earlier writes (redis_write_cpu): then its start.
        return iterations.End;
    }

    /// <summary>
    /// Per-iteration writes: makes the writes of an iteration that can take no more PUBLISHes by
    /// <paramref name="time"/> (it started before), so that who lost what is known before its copies arrive. Does
    /// nothing without per-iteration writes.
    /// </summary>
    public void WriteIterationsDueBy(double time)
    {
        if (_iterations is { } iterations && iterations.DueBy(time))
        {
            WriteIteration(iterations);
        }
    }

    /// <summary>
    /// An iteration's writes, at its end: each subscriber not held back gets one write of the copies of every
    /// PUBLISH it ran, ceil(bytes / MSS) segments (or a packet per copy without an MSS), all in one burst in
    /// subscription order; a subscriber any of whose packets the queue drops is held back from the iteration's first
    /// message. Each subscriber already held back is tried once with everything it has pending, if its socket had
    /// room for the write (the send buffer); a full one waits for its timer.
    /// </summary>
    private void WriteIteration(RedisIterations iterations)
    {
        iterations.Close();
        double at = OfferTime(iterations.End);
        int copies = iterations.Published - iterations.First;
        _writtenThrough = iterations.Published;
        int stalledBefore = Stalled;
        if (_cork)
        {
            CorkQueued(at, iterations.First);
        }
        int fresh = iterations.Subscribers - Stalled - _abortedNow;
        int socketWrites = Math.Max(0, fresh);
        if (fresh > 0)
        {
            (int units, double unitBytes) = _segments is { } segments
                ? (segments.Segments(copies), segments.MeanSegmentBytes(copies))
                : (copies, _packetBytes);
            ShapedBurst burst = Offer(at, fresh * units, unitBytes, mustFitQueue: _segments is not null);
            int lost = (burst.Dropped + units - 1) / units;
            if (burst.Dropped > 0)
            {
                StallTail(lost, iterations.First, at, firstPartly: burst.Dropped % units != 0);
            }
            if (_queuedUntil is not null)
            {
                MarkQueued(at, burst, burst.Accepted - (fresh - lost) * units, units, unitBytes);
            }
        }
        for (int i = stalledBefore - 1; i >= 0; i--)
        {
            int subscriber = _stalledIds[i];
            if (OverLimit(subscriber, at, iterations.Published))
            {
                Disconnect(subscriber, at, iterations.Published);
                continue;
            }
            if (_corked[subscriber])
            {
                // Its new copies join the corked ones; they leave when its queued segment has.
                continue;
            }
            double inSocket = (iterations.First - _heldFrom[subscriber]) * (_segments?.CopyBytes ?? _packetBytes);
            if (inSocket < _sendBufferBytes)
            {
                Resend(subscriber, at, iterations.Published, timedOut: false);
                socketWrites++;
            }
        }
        _writes++;
        if (_writeCpuSeconds > 0)
        {
            // Redis' writes take its one thread: what arrives meanwhile is read by the next iteration.
            iterations.Busy(at + socketWrites * _writeCpuSeconds);
        }
    }

    /// <summary>
    /// The subscriber's retransmission timeout fired at <paramref name="now"/>: the lost copy and everything held
    /// behind it (up to <paramref name="published"/>) are offered again.
    /// </summary>
    public void Retransmit(int subscriber, double now, int published)
    {
        if (!_stalled[subscriber] || _retryAt[subscriber] != now)
        {
            // Caught up meanwhile, or a newer attempt re-armed the timer.
            return;
        }
        if (_iterations is not null)
        {
            // What an iteration has not written yet is not in the socket; the write may have retried it already.
            WriteIterationsDueBy(now);
            published = Math.Min(published, _writtenThrough);
            if (!_stalled[subscriber] || _retryAt[subscriber] != now)
            {
                return;
            }
        }
        if (_corked[subscriber])
        {
            Uncork(subscriber, OfferTime(now), published);
            return;
        }
        if (!_ackRetry[subscriber])
        {
            TimerRetries++;
        }
        Resend(subscriber, OfferTime(now), published, timedOut: !_ackRetry[subscriber]);
    }

    /// <summary>
    /// Corks every subscriber not held back whose last segment is still in the shaping queue at <paramref name="at"/>:
    /// the iteration's copies from <paramref name="first"/> on wait in its socket until that segment has left.
    /// </summary>
    private void CorkQueued(double at, int first)
    {
        double[] queuedUntil = _queuedUntil!;
        for (int subscriber = LastWritten; subscriber != None; subscriber = WrittenBefore(subscriber))
        {
            if (_stalled[subscriber] || !(queuedUntil[subscriber] > at))
            {
                continue;
            }
            _stalled[subscriber] = true;
            _corked[subscriber] = true;
            _stalledSlot[subscriber] = _stalledIds.Count;
            _stalledIds.Add(subscriber);
            _heldFrom[subscriber] = first;
            if (_gate[subscriber] == int.MaxValue)
            {
                _gate[subscriber] = first;
            }
            _backoff[subscriber] = MinRetransmitSeconds;
            // The iteration may be written after its end (when it is known it can take no more): a segment that
            // left meanwhile releases the cork now.
            _retryAt[subscriber] = Math.Max(queuedUntil[subscriber], _simulator.Now);
            _simulator.Schedule(_retryAt[subscriber], ChatEvent.RedisRetransmit(subscriber));
        }
    }

    /// <summary>
    /// When each subscriber the burst took (those not held back, in subscription order, the dropped ones stalled)
    /// has its last segment out of the shaping queue: the queue is FIFO, so the k-th from the end leaves k
    /// subscribers' segments (and the <paramref name="after"/> packets a stalled one got in) before the burst's last
    /// departure.
    /// </summary>
    private void MarkQueued(double at, ShapedBurst burst, int after, int units, double unitBytes)
    {
        double[] queuedUntil = _queuedUntil!;
        double perSubscriber = units * unitBytes / _shaper.RateInForce;
        double lastLeaves = burst.LastDeparture - after * unitBytes / _shaper.RateInForce;
        int k = 0;
        for (int subscriber = LastWritten; subscriber != None; subscriber = WrittenBefore(subscriber))
        {
            if (_stalled[subscriber])
            {
                continue;
            }
            queuedUntil[subscriber] = Math.Max(at, lastLeaves - k * perSubscriber);
            k++;
        }
    }

    /// <summary>
    /// A corked subscriber's queued segment has left: its socket sends what it holds, up to
    /// <paramref name="published"/>, coalesced into segments at once. A drop leaves it held back as after any loss.
    /// </summary>
    private void Uncork(int subscriber, double at, int published)
    {
        _corked[subscriber] = false;
        int held = published - _heldFrom[subscriber];
        if (held <= 0)
        {
            Unstall(subscriber);
            return;
        }
        (int units, double unitBytes) = _segments is { } segments
            ? (segments.Segments(held), segments.MeanSegmentBytes(held))
            : (held, _packetBytes);
        ShapedBurst burst = Offer(at, units, unitBytes, mustFitQueue: _segments is not null);
        if (burst.Accepted == 0)
        {
            if (Failing(subscriber, at))
            {
                Abort(subscriber);
                return;
            }
            ArmTimer(subscriber, at);
            return;
        }
        int upTo = burst.Dropped == 0
            ? published
            : _heldFrom[subscriber] + (_segments?.CopiesIn(burst.Accepted, held) ?? burst.Accepted);
        Through(subscriber, at, published, upTo, burst.LastDeparture);
    }

    /// <summary>
    /// Offers a stalled subscriber's lost copy and everything held behind it, up to <paramref name="published"/>.
    /// </summary>
    /// <param name="timedOut">the retransmission timeout fired (a loss of this attempt doubles it)</param>
    private void Resend(int subscriber, double at, int published, bool timedOut)
    {
        Retransmissions++;
        RetransmissionTimes.Add(at, at, 1);
        int held = published - _heldFrom[subscriber];
        if (_probeHeads && timedOut && Idle(subscriber, at))
        {
            // The probe timer runs only while nothing is in flight: its probe is the unsent data's head segment.
            _fresh![subscriber] = true;
        }
        if (_fresh is not null && _fresh[subscriber])
        {
            ResendFreshHead(subscriber, at, published, held, timedOut);
            return;
        }
        if (_segments is { } segments)
        {
            ResendSegments(subscriber, at, published, held, segments, timedOut);
            return;
        }
        // After a loss TCP's window is one segment: the lost copy goes alone, and what it held back follows only
        // once it is through.
        ShapedBurst head = Offer(at, 1, _packetBytes);
        if (head.Accepted == 0)
        {
            Lost(subscriber, at, timedOut);
            return;
        }
        int upTo;
        double last = head.LastDeparture;
        if (_pacedRecovery)
        {
            // A sender with data in flight recovers further losses within a round trip: the rest waits for the
            // link's idle time instead of being lost again.
            if (held > 1)
            {
                last = SendPaced(at, last, held - 1, _packetBytes);
            }
            upTo = published;
        }
        else
        {
            // TCP sends what it held back a window at a time: after a loss the window restarts at Linux's initial
            // ten segments, and what does not fit the queue is lost again.
            int window = Math.Min(held - 1, InitialWindow - 1);
            ShapedBurst rest = window > 0 ? Offer(at, window, _packetBytes) : new ShapedBurst(0, 0, 0, last);
            last = Math.Max(last, rest.LastDeparture);
            upTo = _heldFrom[subscriber] + 1 + rest.Accepted;
        }
        Through(subscriber, at, published, upTo, last);
    }

    /// <summary>
    /// <see cref="Resend"/> of a subscriber held back from its first copies: its socket's unsent head, everything it
    /// holds up to the size goal, goes as one segment that must fit the queue whole; once it is through, the rest
    /// follows as after any head (paced, or a window of packets).
    /// </summary>
    private void ResendFreshHead(int subscriber, double at, int published, int held, bool timedOut)
    {
        int headCopies = Math.Clamp((int)(_freshHeadBytes / _packetBytes), 1, held);
        ShapedBurst head = Offer(at, 1, Math.Min(_freshHeadBytes, held * _packetBytes), mustFitQueue: true);
        if (head.Accepted == 0)
        {
            Lost(subscriber, at, timedOut);
            return;
        }
        _fresh![subscriber] = false;
        FreshHeadsThrough++;
        int rest = held - headCopies;
        double last = head.LastDeparture;
        int upTo = published;
        if (_pacedRecovery)
        {
            if (rest > 0)
            {
                last = SendPaced(at, last, rest, _packetBytes);
            }
        }
        else
        {
            int window = Math.Min(rest, InitialWindow - 1);
            ShapedBurst more = window > 0 ? Offer(at, window, _packetBytes) : new ShapedBurst(0, 0, 0, last);
            last = Math.Max(last, more.LastDeparture);
            upTo = _heldFrom[subscriber] + headCopies + more.Accepted;
        }
        Through(subscriber, at, published, upTo, last);
    }

    /// <summary>
    /// <see cref="Resend"/> of a backlog the socket has coalesced: the head segment (up to an MSS of the held copies)
    /// goes alone, and the rest follows as full segments once it is through.
    /// </summary>
    private void ResendSegments(int subscriber, double at, int published, int held, CopySegments segments,
        bool timedOut)
    {
        ShapedBurst head = Offer(at, 1, segments.HeadBytes(held), mustFitQueue: true);
        if (head.Accepted == 0)
        {
            Lost(subscriber, at, timedOut);
            return;
        }
        int total = segments.Segments(held);
        int through = 1;
        double last = head.LastDeparture;
        if (_pacedRecovery)
        {
            if (total > 1)
            {
                double bytes = held * segments.CopyBytes - segments.MssBytes + (total - 1) * segments.HeaderBytes;
                last = SendPaced(at, last, total - 1, bytes / (total - 1));
            }
            through = total;
        }
        else
        {
            // A window of full segments, and the last, shorter one if the window reaches it: each burst sent in
            // order, so the short one goes only if every full one did.
            int window = Math.Min(total - 1, InitialWindow - 1);
            int full = Math.Min(window, total - 2);
            if (full > 0)
            {
                ShapedBurst rest = Offer(at, full, segments.FullBytes, mustFitQueue: true);
                last = Math.Max(last, rest.LastDeparture);
                through += rest.Accepted;
            }
            if (window > full && through == total - 1)
            {
                ShapedBurst tail = Offer(at, 1, segments.LastBytes(held), mustFitQueue: true);
                last = Math.Max(last, tail.LastDeparture);
                through += tail.Accepted;
            }
        }
        Through(subscriber, at, published, _heldFrom[subscriber] + segments.CopiesIn(through, held), last);
    }

    /// <summary>The head of what a stalled subscriber held was dropped again: it waits for its next chance, unless
    /// it has been failing so long that the kernel gives its connection up (<see cref="Abort"/>).
    /// </summary>
    private void Lost(int subscriber, double at, bool timedOut)
    {
        if (timedOut)
        {
            _backoff[subscriber] = _localDrops || (_freshProbes && _fresh![subscriber])
                ? ResourceProbeSeconds
                : Math.Min(MaxRetransmitSeconds, 2 * _backoff[subscriber]);
        }
        if (Failing(subscriber, at))
        {
            Abort(subscriber);
            return;
        }
        if (_probeSpread is not null && !timedOut && !_ackRetry[subscriber] && _retryAt[subscriber] > at
            && !(_retryOnAck && _queuedUntil![subscriber] > at))
        {
            // A write pushed it and failed: Linux arms the probe timer only when none is pending, so the one
            // pending stays (and with it the spread of this burst's timers).
            return;
        }
        ArmRetry(subscriber, at);
    }

    /// <summary>
    /// Records a failed push of a held-back subscriber's head; true when it has failed, with nothing of it through,
    /// for as long as the kernel's probes last (the first retry after the minimum timeout, then each probe), so that
    /// the timer after its last probe aborts the connection.
    /// </summary>
    private bool Failing(int subscriber, double at)
    {
        if (double.IsNaN(_failingSince[subscriber]))
        {
            _failingSince[subscriber] = at;
            return false;
        }
        // Timers add up their steps: a hair short of the budget is the timer that ends it.
        return _abortAfterProbes > 0 && at - _failingSince[subscriber] >= _abortAfterSeconds - 1e-9;
    }

    /// <summary>
    /// Redis' kernel aborts the subscriber's connection (TCPAbortOnTimeout): Redis frees the client, so it is written
    /// nothing more and leaves the subscription order; the server is not told, so its gate stays where it is and it
    /// receives nothing more until it unsubscribes.
    /// </summary>
    private void Abort(int subscriber)
    {
        Aborts++;
        Unstall(subscriber);
        Unlink(subscriber);
        _aborted[subscriber] = true;
        _abortedNow++;
        _softSince[subscriber] = double.NaN;
    }

    /// <summary>
    /// Seconds from a subscriber's first failed push to the timer that aborts it after <paramref name="probes"/>
    /// failed timer retries: the first after the minimum timeout, then every <see cref="ResourceProbeSeconds"/> for
    /// drops in the sender's own kernel, else doubling up to the maximum (Linux's tcp_retries2 = 15: 7.7 s and
    /// 924.6 s).
    /// </summary>
    public static double ProbeBudget(int probes, bool localDrops)
    {
        double seconds = MinRetransmitSeconds;
        double step = MinRetransmitSeconds;
        for (int k = 0; k < probes; k++)
        {
            step = localDrops ? ResourceProbeSeconds : Math.Min(MaxRetransmitSeconds, 2 * step);
            seconds += step;
        }
        return seconds;
    }

    /// <summary>Flow-controlled packets that follow a head which got through; returns when the last leaves.
    /// </summary>
    private double SendPaced(double at, double headLeaves, int packets, double packetBytes)
    {
        double last = Math.Max(headLeaves, _shaper.SendPaced(at, packets, packetBytes));
        _trace.Add(Math.Max(at, headLeaves), last, packets * packetBytes);
        return last;
    }

    /// <summary>A stalled subscriber's held copies up to <paramref name="upTo"/> got through, the last leaving at
    /// <paramref name="last"/>; it is caught up, or waits for its timer for the rest.</summary>
    private void Through(int subscriber, double at, int published, int upTo, double last)
    {
        _latestCatchUp[subscriber] = upTo;
        _latestCatchUpAt[subscriber] = last + _oneWay;
        _simulator.Schedule(last + _oneWay, ChatEvent.RedisCatchUp(subscriber, upTo));
        _heldFrom[subscriber] = upTo;
        _failingSince[subscriber] = double.NaN;
        _backoff[subscriber] = MinRetransmitSeconds;
        if (_queuedUntil is not null)
        {
            _queuedUntil[subscriber] = last;
        }
        if (upTo < published)
        {
            ArmRetry(subscriber, at);
        }
        else
        {
            Unstall(subscriber);
        }
    }

    /// <summary>Whether the subscriber's pending output (held copies) passes the hard limit, or the soft one for
    /// its period.</summary>
    private bool OverLimit(int subscriber, double at, int published)
    {
        double pending = (published - _heldFrom[subscriber]) * _packetBytes;
        if (_limit.HardBytes > 0 && pending > _limit.HardBytes)
        {
            return true;
        }
        if (!(_limit.SoftBytes > 0 && pending > _limit.SoftBytes))
        {
            _softSince[subscriber] = double.NaN;
            return false;
        }
        if (double.IsNaN(_softSince[subscriber]))
        {
            _softSince[subscriber] = at;
        }
        return at - _softSince[subscriber] >= _limit.SoftSeconds;
    }

    /// <summary>
    /// Redis closes the subscriber's connection and discards what it held; the server subscribes again at once (its
    /// client reconnects), so the subscriber goes on from the next message. The close leaves through the same queue:
    /// the subscriber learns of the loss after everything sent to it before, and before anything sent after.
    /// </summary>
    private void Disconnect(int subscriber, double at, int published)
    {
        Disconnects++;
        _lostFrom[subscriber] = _heldFrom[subscriber];
        _lostTo[subscriber] = published;
        _latestCatchUp[subscriber] = published;
        _heldFrom[subscriber] = published;
        _softSince[subscriber] = double.NaN;
        _backoff[subscriber] = MinRetransmitSeconds;
        Unstall(subscriber);
        double noticed = Math.Max(_shaper.DrainedAt(at) + _oneWay, _latestCatchUpAt[subscriber]);
        _latestCatchUpAt[subscriber] = noticed;
        _simulator.Schedule(noticed, ChatEvent.RedisDisconnected(subscriber, published));
    }

    /// <summary>
    /// The subscriber's next try: with retries on ACKs, when the ACK of its segment still in the shaping queue comes
    /// back (the segment leaves, reaches the receiver and is acknowledged: a round trip after it leaves); otherwise,
    /// or with nothing queued, its timer.
    /// </summary>
    /// <param name="delay">added to the timer (the probe spread of a refused subscriber); 0 = none</param>
    private void ArmRetry(int subscriber, double at, double delay = 0)
    {
        if (_retryOnAck && _queuedUntil![subscriber] > at)
        {
            _ackRetry[subscriber] = true;
            _retryAt[subscriber] = AckedAt(subscriber);
            _simulator.Schedule(_retryAt[subscriber], ChatEvent.RedisRetransmit(subscriber));
            return;
        }
        ArmTimer(subscriber, at, delay);
    }

    /// <summary>When the ACK of the subscriber's last queued segment is back (it has nothing in flight from then).
    /// </summary>
    private double AckedAt(int subscriber) => _queuedUntil![subscriber] + 2 * _oneWay;

    /// <summary>Nothing of the subscriber is in flight at <paramref name="at"/>: its last segment has left the queue
    /// and been acknowledged.</summary>
    private bool Idle(int subscriber, double at) => AckedAt(subscriber) <= at;

    private void ArmTimer(int subscriber, double at, double delay = 0)
    {
        _ackRetry[subscriber] = false;
        _retryAt[subscriber] = _timerHz > 0
            ? KernelTimerWheel.Expiry(at + delay, _backoff[subscriber], _timerHz)
            : at + _backoff[subscriber] + delay;
        _simulator.Schedule(_retryAt[subscriber], ChatEvent.RedisRetransmit(subscriber));
    }

    private void Unstall(int subscriber)
    {
        _stalled[subscriber] = false;
        _corked[subscriber] = false;
        _failingSince[subscriber] = double.NaN;
        int slot = _stalledSlot[subscriber];
        int last = _stalledIds[^1];
        _stalledIds[slot] = last;
        _stalledSlot[last] = slot;
        _stalledIds.RemoveAt(_stalledIds.Count - 1);
    }

    /// <summary>Held copies up to <paramref name="upTo"/> reached the subscriber (or were discarded): the gate moves.
    /// </summary>
    public void CatchUp(int subscriber, int upTo)
    {
        bool newest = _latestCatchUp[subscriber] == upTo;
        _gate[subscriber] = !newest ? upTo
            : _stalled[subscriber] || _aborted[subscriber] ? _heldFrom[subscriber] : int.MaxValue;
    }

    /// <summary>
    /// Offers go to the shaper in time order: a timeout that fires while a PUBLISH's copies are still on Redis' CPU
    /// is offered with them.
    /// </summary>
    private double OfferTime(double ready)
    {
        _lastOffer = Math.Max(ready, _lastOffer);
        return _lastOffer;
    }

    /// <summary>Offers a burst and records when its bytes leave: at once on tokens, then at the shaper's rate.
    /// </summary>
    private ShapedBurst Offer(double at, int packets, double packetBytes, bool mustFitQueue = false)
    {
        ShapedBurst burst = _shaper.Offer(at, packets, packetBytes, mustFitQueue);
        Drops.Add(at, at, burst.Dropped);
        int passed = burst.Accepted - burst.Queued;
        _trace.Add(at, at, passed * packetBytes);
        if (burst.Queued > 0)
        {
            double queuedBytes = burst.Queued * packetBytes;
            double from = Math.Max(at, burst.LastDeparture - queuedBytes / _shaper.RateInForce);
            _trace.Add(from, burst.LastDeparture, queuedBytes);
        }
        return burst;
    }

    /// <summary>The last subscriber a burst writes: the newest subscription, or the oldest when bursts are written
    /// last-subscribed first.</summary>
    private int LastWritten => _lastSubscribedFirst ? _head : _tail;

    /// <summary>The subscriber a burst writes just before <paramref name="subscriber"/> (None: it is the first).
    /// </summary>
    private int WrittenBefore(int subscriber) => _lastSubscribedFirst ? _next[subscriber] : _previous[subscriber];

    /// <summary>The last <paramref name="dropped"/> copies of the burst were lost: their subscribers stall.
    /// <paramref name="firstPartly"/>: the first of them in the write order lost only part of its write (the rest is in
    /// flight, so it is not idle).</summary>
    private void StallTail(int dropped, int message, double at, bool firstPartly = false)
    {
        int subscriber = LastWritten;
        while (dropped > 0 && subscriber != None)
        {
            if (!_stalled[subscriber])
            {
                _stalled[subscriber] = true;
                _stalledSlot[subscriber] = _stalledIds.Count;
                _stalledIds.Add(subscriber);
                _heldFrom[subscriber] = message;
                if (_gate[subscriber] == int.MaxValue)
                {
                    _gate[subscriber] = message;
                }
                _backoff[subscriber] = MinRetransmitSeconds;
                _failingSince[subscriber] = at;
                if (_fresh is not null)
                {
                    // Nothing written to it since it subscribed got through: this is its first write. Or, with idle
                    // heads, nothing of it is in flight (its last segment's ACK is back), so no ACK will push it.
                    _fresh[subscriber] = _subscribedAtWrite![subscriber] == _writes
                        || (_idleHeads && !(firstPartly && dropped == 1)
                            && Idle(subscriber, at));
                }
                // A burst refuses its subscribers microseconds apart; with a spread their timers are not lined up.
                ArmRetry(subscriber, at, _probeSpread?.Uniform(0, _probeSpreadSeconds) ?? 0);
                dropped--;
            }
            subscriber = WrittenBefore(subscriber);
        }
    }
}
