using FanoutSim.Model.Scenario;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// One server task: a single event loop whose coroutines (lanes) share the task's CPU round-robin.
/// Each connection has a control lane (handshake, inbound messages, close) and a forward lane that
/// writes every message published after it subscribed; in per-task mode one subscriber lane reads
/// the task's single copy from Redis.
/// </summary>
internal sealed partial class ServerTask
{
    private readonly ChatContext _context;
    private readonly ConnectionTable _connections;
    private readonly CostProfile _profile;
    private readonly RandomStream _jitter;
    private readonly RoundRobinProcessor _processor = new();
    private readonly List<int> _caughtUp = new();
    private readonly LocalFanout _localFanout;
    private readonly int _subscriberLane;
    private readonly double _cores;
    private readonly PeriodicQuota? _quota;
    private readonly CpuDrift _drift;
    private readonly double _bufferLimit;
    private readonly double _sessionSeconds;
    private readonly int _forwardBatch;
    private readonly bool _exact;
    private readonly bool _runAhead;

    // Per-connection mode, or per-task mode whose copy goes through every connection's own writer: either way each
    // connection forwards from its NextMessage up to Arrived in turns.
    private readonly bool _forwarders;
    private readonly double _handshakeStepCpu;
    private readonly double _writeCpu;

    // What a forwarder spends per message on top of its turn: the write, plus in per-connection mode its own Redis read.
    private readonly double _forwardCopyCpu;
    private readonly double _closeStepCpu;
    private int _currentBatch;

    // Exact mode splits a turn into one job per write; the turn in progress (only one at a time).
    private int _turnLane = -1;
    private int _turnLeft;
    private int _turnIndex;
    private int _pendingReads;
    private bool _subscriberQueued;
    private int _forwardingCount;
    private long _sumNextMessage;
    private double _pendingWakeAt = double.NegativeInfinity;
    private TimeWeightedAverage _backlog;

    public ServerTask(int index, ChatContext context, RandomStreams streams, bool exact)
    {
        _exact = exact;
        _runAhead = !exact && context.Scenario.Deployment.Tasks == 1;
        Index = index;
        _context = context;
        _connections = context.Connections;
        _profile = context.Profile;
        _jitter = streams.For("task-cpu", index);
        _subscriberLane = 2 * context.Connections.Task.Length + index;
        Deployment deployment = context.Scenario.Deployment;
        _cores = Math.Min(deployment.TaskVcpu, _profile.UsableCoresPerTask);
        _quota = CfsQuota(deployment.TaskVcpu, _profile);
        _drift = new CpuDrift(_profile.CpuDrift, _profile.CpuDriftWindowSeconds, streams.KeyFor("cpu-drift", index));
        _bufferLimit = Math.Max(1, (deployment.TaskMemoryGb - _profile.TaskBaseMemoryGb) * 1e9 / _profile.BufferedMessageBytes);
        _sessionSeconds = context.Scenario.Workload.SessionSeconds;
        _forwardBatch = Math.Max(1, _profile.ForwardBatch);
        _localFanout = new LocalFanout(context.Connections.Forwarding);
        _forwarders = context.PerConnection || _profile.PerTaskWritesQueuePerConnection;
        _handshakeStepCpu = _profile.HandshakeCpuFor(context.PerConnection) / Math.Max(1, _profile.HandshakeSteps);
        _writeCpu = _profile.WriteCpuFor(context.PerConnection);
        _forwardCopyCpu = _writeCpu + (context.PerConnection ? _profile.SubscriberReadCpuSeconds : 0);
        _closeStepCpu = _profile.CloseCpuFor(context.PerConnection) / Math.Max(1, _profile.CloseSteps);
    }

    public int Index { get; }

    /// <summary>Published messages that have reached this task's forwarders.</summary>
    public int Arrived { get; private set; }

    public double BusyTime => _processor.BusyTime;

    public long JobsRun => _processor.JobsRun;

    public double BacklogAverage(double until) => _backlog.AverageUntil(until);

    public double BacklogMaximum => _backlog.Maximum;

    /// <summary>Messages arrived but not yet forwarded, summed over this task's connections (for time-series sampling).</summary>
    public long CurrentBacklog => Backlog;

    private long Backlog => _forwarders
        ? Math.Max(0, (long)_forwardingCount * Arrived - _sumNextMessage) + (long)_pendingReads * _forwardingCount
        : (long)_pendingReads * _forwardingCount;

    /// <summary>CPU seconds (at this task's speed) of the forwarding already pending: what FIFO-queued work waits behind.</summary>
    public double PendingForwardSeconds(double now)
    {
        // Only forwarders write in turns; a per-task fan-out writes every copy in the subscriber's one job.
        double perMessage = _forwardCopyCpu + (_forwarders ? _profile.ForwardTurnCpuSeconds / _forwardBatch : 0);
        double reads = _context.PerConnection ? 0 : _pendingReads * _profile.SubscriberReadCpuSeconds;
        double work = Backlog * perMessage + reads;
        return _quota is null ? work / Speed(now) : _quota.FinishTime(now, CpuSeconds(now, work)) - now;
    }

    public void StartHandshake(int connection, double now)
    {
        _connections.HandshakeStepsLeft[connection] = Math.Max(1, _profile.HandshakeSteps);
        EnqueueControl(connection, now);
    }

    public void AcceptInbound(int connection, double now)
    {
        _connections.PendingInbound[connection]++;
        EnqueueControl(connection, now);
    }

    public void StartClose(int connection, double now)
    {
        _connections.Closing[connection] = true;
        _connections.CloseStepsLeft[connection] = Math.Max(1, _profile.CloseSteps);
        if (_profile.CloseStopsForwardingAtOnce)
        {
            StopForwarding(connection);
        }
        EnqueueControl(connection, now);
    }

    /// <summary>A copy from Redis reached this task: in per-connection mode each forwarder reads its own.</summary>
    public void MessageArrived(double now)
    {
        if (_context.PerConnection)
        {
            Arrived++;
            WakeCaughtUp(now);
            return;
        }
        if ((long)(_pendingReads + 1) * _forwardingCount > _bufferLimit)
        {
            // Outbound buffers are full: this message is not queued for anyone on this task.
            _context.Counters.Dropped += _forwardingCount;
            Arrived++;
            return;
        }
        _pendingReads++;
        if (!_subscriberQueued)
        {
            _subscriberQueued = true;
            _processor.Enqueue(_subscriberLane, now);
        }
    }

    /// <summary>Runs the CPU up to the next event and arranges to resume if work is left.</summary>
    public void Run(double now)
    {
        var work = new LaneWork(this);
        _processor.Run(ref work);
        _backlog.Set(now, Backlog);
        if (_processor.ReadyLanes > 0 && _pendingWakeAt < now)
        {
            _pendingWakeAt = _processor.FreeAt;
            _context.Schedule(_pendingWakeAt, ChatEvent.ProcessorWake(Index));
        }
    }

    public void Wake(double now)
    {
        _pendingWakeAt = double.NegativeInfinity;
        Run(now);
    }

    private void EnqueueControl(int connection, double now)
    {
        if (!_connections.ControlQueued[connection])
        {
            _connections.ControlQueued[connection] = true;
            _processor.Enqueue(ConnectionTable.ControlLane(connection), now);
        }
    }

    private void EnqueueForward(int connection, double now)
    {
        if (!_connections.ForwardQueued[connection])
        {
            _connections.ForwardQueued[connection] = true;
            _processor.Enqueue(ConnectionTable.ForwardLane(connection), now);
        }
    }

    private void WakeCaughtUp(double now)
    {
        int kept = 0;
        for (int i = 0; i < _caughtUp.Count; i++)
        {
            int connection = _caughtUp[i];
            if (!_connections.Forwarding[connection])
            {
                continue;
            }
            if (_connections.NextMessage[connection] < Arrived)
            {
                EnqueueForward(connection, now);
            }
            else
            {
                // Subscribed after messages still in flight to this task: not its turn yet.
                _caughtUp[kept++] = connection;
            }
        }
        _caughtUp.RemoveRange(kept, _caughtUp.Count - kept);
    }

    private double Speed(double time)
    {
        double pollingShare = _profile.IdlePollCpuPerConnection * _context.OpenConnections[Index];
        double cores = _cores;
        if (_profile.TaskOverheadCores > 0 || _profile.RedisConnectionOverheadCores > 0)
        {
            // Fixed and per-Redis-client overheads come off the quota before any operation gets CPU.
            double clients = _context.PerConnection ? _context.OpenConnections[Index] : 0;
            cores = Math.Max(0.05 * _cores, _cores - _profile.TaskOverheadCores - _profile.RedisConnectionOverheadCores * clients);
        }
        return cores * Math.Max(0.05, 1 - pollingShare) * _drift.FactorAt(time);
    }

    /// <summary>Wall time a job occupies the CPU: continuous share, or throttled by the CFS quota when the profile sets a period.</summary>
    private double Duration(double start, double work) =>
        _quota is null ? work / Speed(start) : _quota.Consume(start, CpuSeconds(start, work)) - start;

    // Under a quota the overheads of Speed (polling, fixed runtime and Redis-client cores) still take their share:
    // the work costs that much more of the quota's CPU time.
    private double CpuSeconds(double time, double work) => work * _cores / Speed(time);

    private static PeriodicQuota? CfsQuota(double quotaCores, CostProfile profile)
    {
        if (profile.CfsPeriodSeconds <= 0)
        {
            return null;
        }
        double burst = profile.ThrottledBurstCores > 0
            ? Math.Min(profile.ThrottledBurstCores, profile.UsableCoresPerTask)
            : profile.UsableCoresPerTask;
        double period = profile.CfsPeriodSeconds;
        double budget = quotaCores * period;
        // A period must still deliver some work, or a fit wandering to a huge overhead would stall the task for ever.
        double overhead = Math.Min(profile.PeriodOverheadCpuSeconds, 0.95 * Math.Min(budget, burst * period));
        return new PeriodicQuota(period, budget, burst, overhead);
    }

    private double Jitter(double work) =>
        _profile.CpuJitter > 0 ? work * (1 + _profile.CpuJitter * (2 * _jitter.NextDouble() - 1)) : work;

    private bool InTurn(int lane) => _turnLane == lane && _turnLeft > 0;

    private double NextJobWork(int lane, double start)
    {
        if (lane == _subscriberLane)
        {
            if (InTurn(lane))
            {
                return Jitter(_writeCpu);
            }
            if (_pendingReads > 0 && _forwarders)
            {
                // The one read; the writes are the connections' own forwarder turns.
                return Jitter(_profile.SubscriberReadCpuSeconds);
            }
            if (_pendingReads > 0)
            {
                _currentBatch = _forwardingCount;
                if (_exact)
                {
                    // The read, then one write per recipient in join order.
                    _turnLane = lane;
                    _turnLeft = _localFanout.Compact() + 1;
                    _turnIndex = -1;
                    return Jitter(_profile.SubscriberReadCpuSeconds);
                }
                return BatchJitter(_profile.SubscriberReadCpuSeconds + _currentBatch * _writeCpu, _currentBatch + 1);
            }
            _subscriberQueued = false;
            return -1;
        }
        int connection = lane >> 1;
        return (lane & 1) == 0 ? NextControlWork(connection) : NextForwardWork(connection);
    }

    private double NextControlWork(int connection)
    {
        if (_connections.HandshakeStepsLeft[connection] > 0)
        {
            return Jitter(_handshakeStepCpu);
        }
        if (_connections.PendingInbound[connection] > 0)
        {
            return Jitter(_profile.InboundCpuSeconds);
        }
        if (_connections.CloseStepsLeft[connection] > 0)
        {
            if (_connections.CloseStepsLeft[connection] == Math.Max(1, _profile.CloseSteps))
            {
                // The reader saw the close frame: the handler cancels this connection's forwarder now.
                StopForwarding(connection);
            }
            return Jitter(_closeStepCpu);
        }
        _connections.ControlQueued[connection] = false;
        return -1;
    }

    private double NextForwardWork(int connection)
    {
        if (InTurn(ConnectionTable.ForwardLane(connection)))
        {
            if (!_connections.Forwarding[connection])
            {
                // A close frame cancelled the forwarder mid-turn (close_stops_forwarding_at_once).
                _turnLeft = 0;
                _connections.ForwardQueued[connection] = false;
                return -1;
            }
            return Jitter(_forwardCopyCpu);
        }
        if (!_connections.Forwarding[connection])
        {
            _connections.ForwardQueued[connection] = false;
            return -1;
        }
        long backlog = Arrived - _connections.NextMessage[connection];
        if (backlog <= 0)
        {
            _connections.ForwardQueued[connection] = false;
            _caughtUp.Add(connection);
            return -1;
        }
        double perConnectionLimit = Math.Max(1, _bufferLimit / Math.Max(1, _forwardingCount));
        if (backlog > perConnectionLimit)
        {
            int dropped = (int)(backlog - (long)perConnectionLimit);
            _connections.NextMessage[connection] += dropped;
            _sumNextMessage += dropped;
            _context.Counters.Dropped += dropped;
        }
        // Buffered socket I/O does not yield, so one turn drains up to a batch of what has arrived.
        _currentBatch = (int)Math.Min(Arrived - (long)_connections.NextMessage[connection], _forwardBatch);
        // ForwardTurnCpuSeconds is 0 unless a profile sets it, which leaves the cost exactly per message.
        if (_exact)
        {
            _turnLane = ConnectionTable.ForwardLane(connection);
            _turnLeft = _currentBatch;
            return Jitter(_profile.ForwardTurnCpuSeconds + _forwardCopyCpu);
        }
        return BatchJitter(_profile.ForwardTurnCpuSeconds + _currentBatch * _forwardCopyCpu, _currentBatch);
    }

    private LaneNext CompleteJob(int lane, double start, double finish)
    {
        if (lane == _subscriberLane)
        {
            if (_forwarders)
            {
                // The read is done: the connections' forwarders write the copy in their own turns.
                _pendingReads--;
                Arrived++;
                WakeCaughtUp(finish);
            }
            else if (_exact && CompleteExactFanOutJob(finish))
            {
                return LaneNext.Continue;
            }
            else if (!_exact)
            {
                _pendingReads--;
                Arrived++;
                FanOut(start, finish);
            }
            if (_pendingReads > 0)
            {
                return LaneNext.Requeue;
            }
            _subscriberQueued = false;
            return LaneNext.Idle;
        }
        int connection = lane >> 1;
        if ((lane & 1) == 0)
        {
            return CompleteControl(connection, finish) ? LaneNext.Requeue : LaneNext.Idle;
        }
        if (_exact)
        {
            return CompleteExactForward(connection, finish);
        }
        return CompleteForward(connection, start, finish) ? LaneNext.Requeue : LaneNext.Idle;
    }

    private bool CompleteControl(int connection, double finish)
    {
        ConnectionTable c = _connections;
        if (c.HandshakeStepsLeft[connection] > 0)
        {
            if (--c.HandshakeStepsLeft[connection] == 0)
            {
                HandshakeDone(connection, finish);
            }
        }
        else if (c.PendingInbound[connection] > 0)
        {
            c.PendingInbound[connection]--;
            _context.Schedule(finish + _context.RedisOneWay, ChatEvent.RedisPublish(Index));
        }
        else if (c.CloseStepsLeft[connection] > 0 && --c.CloseStepsLeft[connection] == 0)
        {
            CloseDone(connection, finish);
        }
        bool more = c.HandshakeStepsLeft[connection] > 0 || c.PendingInbound[connection] > 0 || c.CloseStepsLeft[connection] > 0;
        if (!more)
        {
            c.ControlQueued[connection] = false;
        }
        return more;
    }

}
