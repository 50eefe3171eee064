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
    private readonly int _subscriberLane;
    private readonly double _cores;
    private readonly double _bufferLimit;
    private readonly double _sessionSeconds;
    private readonly int _forwardBatch;
    private int _currentBatch;
    private int _pendingReads;
    private bool _subscriberQueued;
    private int _forwardingCount;
    private long _sumNextMessage;
    private double _pendingWakeAt = double.NegativeInfinity;
    private TimeWeightedAverage _backlog;

    public ServerTask(int index, ChatContext context, RandomStreams streams)
    {
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
    }

    public int Index { get; }

    /// <summary>Published messages that have reached this task's forwarders.</summary>
    public int Arrived { get; private set; }

    public double BusyTime => _processor.BusyTime;

    public long JobsRun => _processor.JobsRun;

    public double BacklogAverage(double until) => _backlog.AverageUntil(until);

    public double BacklogMaximum => _backlog.Maximum;

    private long Backlog => Math.Max(0, (long)_forwardingCount * Arrived - _sumNextMessage);

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
        _connections.NextMessage[connection] = firstMessage;
        _forwardingCount++;
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

    private double NextJobWork(int lane, double start)
    {
        if (lane == _subscriberLane)
        {
            if (_pendingReads > 0)
            {
                return Jitter(_profile.SubscriberReadCpuSeconds);
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
        double read = _context.PerConnection ? _profile.SubscriberReadCpuSeconds : 0;
        // ForwardTurnCpuSeconds is 0 unless a profile sets it, which leaves the cost exactly per message.
        return Jitter(_profile.ForwardTurnCpuSeconds + _currentBatch * (_profile.DeliveryCpuSeconds + read));
    }

    private bool CompleteJob(int lane, double start, double finish)
    {
        if (lane == _subscriberLane)
        {
            _pendingReads--;
            Arrived++;
            WakeCaughtUp(finish);
            if (_pendingReads > 0)
            {
                return true;
            }
            _subscriberQueued = false;
            return false;
        }
        int connection = lane >> 1;
        return (lane & 1) == 0 ? CompleteControl(connection, finish) : CompleteForward(connection, start, finish);
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
        double subscribeAt = _context.PerConnection ? finish + _context.RedisOneWay : finish;
        _context.Schedule(subscribeAt, ChatEventKind.Subscribe, connection);
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
        _sumNextMessage -= _connections.NextMessage[connection];
    }

    /// <summary>Adapter the processor calls; a struct so the calls are direct, not virtual.</summary>
    private readonly struct LaneWork : ILaneWork
    {
        private readonly ServerTask _task;

        public LaneWork(ServerTask task)
        {
            _task = task;
        }

        public double Horizon => _task._context.Simulator.NextEventTime;

        public double Speed(double time) => _task.Speed(time);

        public double NextJobWork(int lane, double start) => _task.NextJobWork(lane, start);

        public bool CompleteJob(int lane, double start, double finish) => _task.CompleteJob(lane, start, finish);
    }
}
