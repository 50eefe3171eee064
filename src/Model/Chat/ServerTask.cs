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
internal sealed class ServerTask
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
    private readonly double _bufferLimit;
    private readonly double _sessionSeconds;
    private readonly int _forwardBatch;
    private readonly bool _exact;
    private readonly bool _runAhead;
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
        _bufferLimit = Math.Max(1, (deployment.TaskMemoryGb - _profile.TaskBaseMemoryGb) * 1e9 / _profile.BufferedMessageBytes);
        _sessionSeconds = context.Scenario.Workload.SessionSeconds;
        _forwardBatch = Math.Max(1, _profile.ForwardBatch);
        _localFanout = new LocalFanout(context.Connections.Forwarding);
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

    private long Backlog => _context.PerConnection
        ? Math.Max(0, (long)_forwardingCount * Arrived - _sumNextMessage)
        : (long)_pendingReads * _forwardingCount;

    /// <summary>CPU seconds (at this task's speed) of the forwarding already pending: what FIFO-queued work waits behind.</summary>
    public double PendingForwardSeconds(double now)
    {
        double perMessage = _profile.DeliveryCpuSeconds + (_context.PerConnection ? _profile.SubscriberReadCpuSeconds : 0)
            + _profile.ForwardTurnCpuSeconds / _forwardBatch;
        double reads = _context.PerConnection ? 0 : _pendingReads * _profile.SubscriberReadCpuSeconds;
        return (Backlog * perMessage + reads) / Speed(now);
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

    /// <summary>With <see cref="CostProfile.CloseStopsForwardingAtOnce"/>, a close frame that has reached the task stops the forwarder at once.</summary>
    public void CancelForwardingOnClose(int connection)
    {
        if (_profile.CloseStopsForwardingAtOnce)
        {
            StopForwarding(connection);
        }
    }

    /// <summary>The connection's subscription takes effect: it forwards messages from <paramref name="firstMessage"/> on.</summary>
    public void StartForwarding(int connection, int firstMessage, double now)
    {
        if (_connections.Closing[connection])
        {
            return;
        }
        _connections.Forwarding[connection] = true;
        _forwardingCount++;
        if (!_context.PerConnection)
        {
            _localFanout.Add(connection, _connections.CloseCallAt[connection] - _context.ClientOneWay);
            return;
        }
        _connections.NextMessage[connection] = firstMessage;
        _sumNextMessage += firstMessage;
        if (Arrived > firstMessage)
        {
            EnqueueForward(connection, now);
        }
        else
        {
            _caughtUp.Add(connection);
        }
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
            _context.Schedule(_pendingWakeAt, ChatEventKind.ProcessorWake, Index);
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
        return cores * Math.Max(0.05, 1 - pollingShare);
    }

    private double Jitter(double work) =>
        _profile.CpuJitter > 0 ? work * (1 + _profile.CpuJitter * (2 * _jitter.NextDouble() - 1)) : work;

    /// <summary>
    /// Jitter for a batch of <paramref name="jobs"/> jobs drawn as one: the factor's spread shrinks
    /// with the square root of the batch, so the batch total has the mean and variance of the jobs'
    /// individually jittered sum (which exact mode draws).
    /// </summary>
    private double BatchJitter(double work, int jobs) =>
        _profile.CpuJitter > 0 && jobs > 0
            ? work * (1 + _profile.CpuJitter * (2 * _jitter.NextDouble() - 1) / Math.Sqrt(jobs))
            : work;

    private bool InTurn(int lane) => _turnLane == lane && _turnLeft > 0;

    private double NextJobWork(int lane, double start)
    {
        if (lane == _subscriberLane)
        {
            if (InTurn(lane))
            {
                return Jitter(_profile.DeliveryCpuSeconds);
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
                return BatchJitter(_profile.SubscriberReadCpuSeconds + _currentBatch * _profile.DeliveryCpuSeconds, _currentBatch + 1);
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
            return Jitter(_profile.HandshakeCpuSeconds / Math.Max(1, _profile.HandshakeSteps));
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
            return Jitter(_profile.CloseCpuSeconds / Math.Max(1, _profile.CloseSteps));
        }
        _connections.ControlQueued[connection] = false;
        return -1;
    }

    private double NextForwardWork(int connection)
    {
        double read = _context.PerConnection ? _profile.SubscriberReadCpuSeconds : 0;
        if (InTurn(ConnectionTable.ForwardLane(connection)))
        {
            if (!_connections.Forwarding[connection])
            {
                // A close frame cancelled the forwarder mid-turn (close_stops_forwarding_at_once).
                _turnLeft = 0;
                _connections.ForwardQueued[connection] = false;
                return -1;
            }
            return Jitter(_profile.DeliveryCpuSeconds + read);
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
            return Jitter(_profile.ForwardTurnCpuSeconds + _profile.DeliveryCpuSeconds + read);
        }
        return BatchJitter(_profile.ForwardTurnCpuSeconds + _currentBatch * (_profile.DeliveryCpuSeconds + read), _currentBatch);
    }

    private LaneNext CompleteJob(int lane, double start, double finish)
    {
        if (lane == _subscriberLane)
        {
            if (_exact && CompleteExactFanOutJob(finish))
            {
                return LaneNext.Continue;
            }
            if (!_exact)
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

    /// <summary>Exact mode: one job of a per-task fan-out turn; true while the turn goes on.</summary>
    private bool CompleteExactFanOutJob(double finish)
    {
        if (_turnIndex < 0)
        {
            _pendingReads--;
            Arrived++;
        }
        else if (_localFanout.DeliverOne(_turnIndex, finish))
        {
            _context.Counters.Received++;
        }
        else
        {
            _context.Counters.ForwardedLate++;
        }
        _turnIndex++;
        return --_turnLeft > 0;
    }

    /// <summary>Exact mode: one write of a forwarder's turn, judged by its own finish time.</summary>
    private LaneNext CompleteExactForward(int connection, double finish)
    {
        _connections.NextMessage[connection]++;
        _sumNextMessage++;
        if (finish + _context.ClientOneWay < _connections.CloseCallAt[connection])
        {
            _context.Counters.Received++;
        }
        else
        {
            _context.Counters.ForwardedLate++;
        }
        if (--_turnLeft > 0)
        {
            return LaneNext.Continue;
        }
        if (_connections.NextMessage[connection] < Arrived)
        {
            return LaneNext.Requeue;
        }
        _connections.ForwardQueued[connection] = false;
        _caughtUp.Add(connection);
        return LaneNext.Idle;
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
            _context.Schedule(finish + _context.RedisOneWay, ChatEventKind.RedisPublish, Index);
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

    private bool CompleteForward(int connection, double start, double finish)
    {
        int batch = _currentBatch;
        _connections.NextMessage[connection] += batch;
        _sumNextMessage += batch;
        long received = DeliveredBefore(_connections.CloseCallAt[connection] - _context.ClientOneWay, start, finish, batch);
        _context.Counters.Received += received;
        _context.Counters.ForwardedLate += batch - received;
        if (_connections.NextMessage[connection] < Arrived)
        {
            return true;
        }
        _connections.ForwardQueued[connection] = false;
        _caughtUp.Add(connection);
        return false;
    }

    private void FanOut(double start, double finish)
    {
        double work = _profile.SubscriberReadCpuSeconds + _currentBatch * _profile.DeliveryCpuSeconds;
        double scale = work > 0 ? (finish - start) / work : 0;
        double first = start + scale * (_profile.SubscriberReadCpuSeconds + _profile.DeliveryCpuSeconds);
        (long received, long late) = _localFanout.Deliver(first, scale * _profile.DeliveryCpuSeconds);
        _context.Counters.Received += received;
        _context.Counters.ForwardedLate += late;
    }

    /// <summary>Writes j = 1..batch of a batch finish at start + j * (finish - start) / batch; counts those before the deadline.</summary>
    internal static long DeliveredBefore(double deadline, double start, double finish, int batch)
    {
        if (finish < deadline)
        {
            return batch;
        }
        double unit = (finish - start) / batch;
        if (unit <= 0)
        {
            return 0;
        }
        double ratio = (deadline - start) / unit;
        return ratio <= 0 ? 0 : Math.Min(batch, (long)Math.Ceiling(ratio) - 1);
    }

    private void HandshakeDone(int connection, double finish)
    {
        double openAt = finish + _context.ClientOneWay;
        if (_context.PerConnection && _profile.SubscribeConfirmTimeoutSeconds > 0)
        {
            // The upgrade waits for Redis' SUBSCRIBE confirmation, which leaves behind the copies already queued on the egress link.
            double confirmed = Math.Max(finish + _context.RedisOneWay, _context.Redis.Egress.FreeAt) + _context.RedisOneWay;
            openAt += Math.Min(confirmed - finish, _profile.SubscribeConfirmTimeoutSeconds);
        }
        _connections.CloseCallAt[connection] = openAt + _sessionSeconds;
        _context.Schedule(openAt, ChatEventKind.ClientOpen, connection);
        if (_context.PerConnection)
        {
            _context.Schedule(finish + _context.RedisOneWay, ChatEventKind.Subscribe, connection);
        }
        else
        {
            // Joining the task's local fan-out needs no round trip: it holds from the handshake's end
            // (this CPU runs nothing else until then, so taking effect now is the same).
            StartForwarding(connection, 0, finish);
        }
    }

    private void CloseDone(int connection, double finish)
    {
        _context.OpenConnections[Index]--;
        double endAt = finish + _context.ClientOneWay;
        if (_context.PerConnection && _profile.UnsubscribeWaitSeconds > 0)
        {
            // Tearing down the connection's subscription waits until Redis' egress link has sent what was queued before it.
            double drained = Math.Max(finish, _context.Redis.Egress.FreeAt) + _context.RedisOneWay;
            endAt += Math.Min(drained - finish, _profile.UnsubscribeWaitSeconds);
        }
        _context.Schedule(endAt, ChatEventKind.SessionEnd, connection);
        if (_context.PerConnection)
        {
            _context.Schedule(finish + _context.RedisOneWay, ChatEventKind.Unsubscribe, connection);
        }
    }

    private void StopForwarding(int connection)
    {
        if (!_connections.Forwarding[connection])
        {
            return;
        }
        _connections.Forwarding[connection] = false;
        _forwardingCount--;
        if (_context.PerConnection)
        {
            _sumNextMessage -= _connections.NextMessage[connection];
        }
    }

    /// <summary>Adapter the processor calls; a struct so the calls are direct, not virtual.</summary>
    private readonly struct LaneWork : ILaneWork
    {
        private readonly ServerTask _task;

        public LaneWork(ServerTask task)
        {
            _task = task;
        }

        // A lone task may run ahead to the next event: its own jobs' effects come back to it only
        // through events, which move the horizon. With several tasks one task's job can make a
        // message reach another task sooner than that task's next job, so each job start is an event
        // (as every job is in exact mode) and jobs run in global time order.
        public double Horizon => _task._runAhead
            ? _task._context.Simulator.NextEventTime
            : Math.Min(_task._context.Simulator.NextEventTime, _task._context.Simulator.Now);

        public double Speed(double time) => _task.Speed(time);

        public double NextJobWork(int lane, double start) => _task.NextJobWork(lane, start);

        public LaneNext CompleteJob(int lane, double start, double finish) => _task.CompleteJob(lane, start, finish);
    }
}
