using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// A connection's life on its task: the control lane's handshake steps, inbound messages and close steps, and
/// joining the task's forwarding when the subscription takes effect and leaving it at close.
/// </summary>
internal sealed class ConnectionLifecycle
{
    private readonly int _task;
    private readonly ChatContext _context;
    private readonly ConnectionTable _connections;
    private readonly CostProfile _profile;
    private readonly TaskCpu _cpu;
    private readonly ForwardingState _state;
    private readonly Forwarders? _forwarders;
    private readonly SubscriberLane _subscriber;
    private readonly int _handshakeSteps;
    private readonly int _handshakeRoundTrips;
    private readonly double _handshakeStepCpu;
    private readonly double _closeStepCpu;
    private readonly double _inboundCpu;
    private readonly double _inboundWait;
    private readonly int _publishWaitRounds;

    // publish_connect_*: a PUBLISH that finds its client without a free connection opens one first. Per task the
    // handlers share the task's client, whose connections grow to the PUBLISHes in flight at once (each holds one from
    // its send to its answer); per connection each session's client opens one at its first PUBLISH.
    private readonly bool _opensConnections;
    private readonly double _publishConnectCpu;
    private readonly int _publishConnectRounds;
    private int _publishConnections;
    private int _publishesInFlight;
    private bool _inboundOpensConnection;

    // The kind of the control job now running (its completion follows its start before any other job).
    private ControlJob _job;

    public ConnectionLifecycle(int task, ChatContext context, TaskCpu cpu, ForwardingState state,
        Forwarders? forwarders, SubscriberLane subscriber)
    {
        _task = task;
        _context = context;
        _connections = context.Connections;
        _profile = context.Profile;
        _cpu = cpu;
        _state = state;
        _forwarders = forwarders;
        _subscriber = subscriber;
        // handshake_round_trips: per connection, the handshake's steps are parted by Redis round trips.
        _handshakeRoundTrips = context.PerConnection ? _profile.HandshakeRoundTrips : 0;
        _handshakeSteps = Math.Max(Math.Max(1, _profile.HandshakeSteps), _handshakeRoundTrips + 1);
        _handshakeStepCpu = _profile.HandshakeCpuFor(context.PerConnection) / _handshakeSteps;
        _closeStepCpu = _profile.CloseCpuFor(context.PerConnection) / Math.Max(1, _profile.CloseSteps);
        _inboundCpu = _profile.InboundCpuFor(context.PerConnection);
        _inboundWait = _profile.InboundWaitSeconds;
        _publishWaitRounds = _profile.PublishWaitRounds;
        _opensConnections = _profile.PublishOpensConnections;
        _publishConnectCpu = _profile.PublishConnectCpuSeconds;
        _publishConnectRounds = _profile.PublishConnectRounds;
    }

    /// <summary>The handshake reached the task, or (with handshake_round_trips) its next step did after a Redis
    /// round trip.</summary>
    public void StartHandshake(int connection, double now)
    {
        if (_connections.HandshakeStepsLeft[connection] == 0)
        {
            _connections.HandshakeStepsLeft[connection] = _handshakeSteps;
        }
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

    /// <summary>
    /// With <see cref="CostProfile.CloseStopsForwardingAtOnce"/>, a close frame that has reached the task stops the
    /// forwarder at once.
    /// </summary>
    public void CancelForwardingOnClose(int connection)
    {
        if (_profile.CloseStopsForwardingAtOnce)
        {
            StopForwarding(connection);
        }
    }

    /// <summary>
    /// The connection's subscription takes effect: it forwards messages from <paramref name="firstMessage"/> on.
    /// </summary>
    public void StartForwarding(int connection, int firstMessage, double now)
    {
        if (_connections.Closing[connection])
        {
            return;
        }
        _connections.Forwarding[connection] = true;
        int room = _connections.Room[connection];
        _state.Join(room);
        if (_context.TaskSubscribesPerRoom && _state.ConnectionsIn(room) == 1)
        {
            // The room's first member here: the task subscribes to it (taken as immediate; the SUBSCRIBE's round
            // trip is not modelled, so copies published meanwhile reach the task).
            _context.Redis.Subscribe(_task, room);
        }
        double deadline = _connections.CloseCallAt[connection] - _context.ClientOneWay;
        if (_forwarders is null)
        {
            _subscriber.Join(connection, room, deadline);
        }
        else
        {
            _forwarders.Add(connection, connection, room, firstMessage, now);
        }
        foreach (Memberships.Extra extra in _context.Memberships.ExtrasOf(connection))
        {
            StartForwardingAlso(connection, extra.Membership, extra.Room, deadline, now);
        }
    }

    /// <summary>
    /// The connection's further room takes effect with its first: it forwards the room's messages from the next to
    /// reach the task (per-connection mode: from the next Redis publishes, its SUBSCRIBE made at the same instant).
    /// </summary>
    private void StartForwardingAlso(int connection, int membership, int room, double deadline, double now)
    {
        _state.JoinRoom(room);
        if (_context.TaskSubscribesPerRoom && _state.ConnectionsIn(room) == 1)
        {
            _context.Redis.Subscribe(_task, room);
        }
        if (_forwarders is null)
        {
            _subscriber.Join(connection, room, deadline);
            return;
        }
        _forwarders.Add(membership, connection, room,
            _context.PerConnection ? _context.Redis.MessageCountIn(room) : _state.ArrivedIn(room), now);
    }

    /// <summary>Wall time the job <see cref="NextWork"/> last gave holds the loop beyond its CPU (an inbound message's
    /// blocking calls waiting for their answers), spending no quota.</summary>
    public double JobWait { get; private set; }

    /// <summary>Whether the job <see cref="NextWork"/> last gave is an inbound message's.</summary>
    public bool InboundJob => _job == ControlJob.Inbound;

    /// <summary>The work of the control lane's next job, or -1 when it has nothing to do.</summary>
    public double NextWork(int connection)
    {
        _job = NextJob(connection);
        JobWait = 0;
        switch (_job)
        {
            case ControlJob.PublishConnect:
            case ControlJob.PublishWait:
                // A turn of the loop in which the coroutine finds its answer not yet handed to it: no work of its own.
                return 0;
            case ControlJob.Handshake:
                return _cpu.Jitter(_handshakeStepCpu);
            case ControlJob.Inbound:
                JobWait = _inboundWait;
                _inboundOpensConnection = _opensConnections && NeedsPublishConnection(connection);
                return _cpu.Jitter(_inboundOpensConnection ? _inboundCpu + _publishConnectCpu : _inboundCpu);
            case ControlJob.Close:
                if (_connections.CloseStepsLeft[connection] == Math.Max(1, _profile.CloseSteps))
                {
                    // The reader saw the close frame: the handler cancels this connection's forwarder now.
                    StopForwarding(connection);
                }
                return _cpu.Jitter(_closeStepCpu);
            default:
                _connections.ControlQueued[connection] = false;
                return -1;
        }
    }

    /// <summary>A control job finished; true when the lane has more to do.</summary>
    public bool Complete(int connection, double finish)
    {
        ConnectionTable c = _connections;
        switch (_job)
        {
            case ControlJob.PublishConnect:
                if (--c.PublishConnectRoundsLeft[connection] == 0)
                {
                    Publish(connection, finish);
                }
                break;
            case ControlJob.PublishWait:
                if (--c.PublishWaitsLeft[connection] == 0)
                {
                    PublishAnswered();
                }
                break;
            case ControlJob.Handshake:
                if (--c.HandshakeStepsLeft[connection] == 0)
                {
                    HandshakeDone(connection, finish);
                }
                else if (_handshakeSteps - c.HandshakeStepsLeft[connection] <= _handshakeRoundTrips)
                {
                    // Its next step waits for Redis' answer, then reaches the task as a new piece of work.
                    c.ControlQueued[connection] = false;
                    _context.Schedule(finish + 2 * _context.RedisOneWay, ChatEvent.HandshakeArrive(connection));
                    return false;
                }
                break;
            case ControlJob.Inbound:
                c.PendingInbound[connection]--;
                if (_opensConnections && TakePublishConnection(connection))
                {
                    break;
                }
                Publish(connection, finish);
                break;
            case ControlJob.Close:
                if (--c.CloseStepsLeft[connection] == 0)
                {
                    CloseDone(connection, finish);
                }
                break;
        }
        bool more = (_opensConnections && c.PublishConnectRoundsLeft[connection] > 0) ||
            c.PublishWaitsLeft[connection] > 0 || c.HandshakeStepsLeft[connection] > 0 ||
            c.PendingInbound[connection] > 0 || c.CloseStepsLeft[connection] > 0;
        if (!more)
        {
            c.ControlQueued[connection] = false;
        }
        return more;
    }

    /// <summary>The inbound message's PUBLISH leaves for Redis now; its lane then waits publish_wait_rounds.</summary>
    private void Publish(int connection, double finish)
    {
        _context.Schedule(finish + _context.RedisOneWay,
            ChatEvent.RedisPublish(_context.NextInboundRoom(connection), _context.Latency.NextPublished(connection)));
        // Redis answers within a round trip, far shorter than a saturated loop's round; what the coroutine waits for
        // is its turns through the client's awaits, so the wait is counted in rounds alone.
        _connections.PublishWaitsLeft[connection] = _publishWaitRounds;
        if (_publishWaitRounds == 0)
        {
            PublishAnswered();
        }
    }

    /// <summary>With publish_connect_*: whether the client the connection's next PUBLISH goes through has no
    /// connection free for it (decided as its inbound job starts, so the connect's CPU is that job's).</summary>
    private bool NeedsPublishConnection(int connection) =>
        _context.PerConnection
            ? !_connections.HasPublishConnection[connection]
            : _publishesInFlight >= _publishConnections;

    /// <summary>With publish_connect_*: the inbound message's PUBLISH takes a connection (opened first if its job
    /// found none free); true when it waits for the connect's rounds before it leaves.</summary>
    private bool TakePublishConnection(int connection)
    {
        if (!_context.PerConnection)
        {
            _publishesInFlight++;
        }
        if (!_inboundOpensConnection)
        {
            return false;
        }
        _context.Counters.PublishConnects++;
        if (_context.PerConnection)
        {
            _connections.HasPublishConnection[connection] = true;
        }
        else
        {
            _publishConnections++;
        }
        _connections.PublishConnectRoundsLeft[connection] = _publishConnectRounds;
        return _publishConnectRounds > 0;
    }

    /// <summary>A PUBLISH's answer reached its coroutine: per task its connection is free for the next.</summary>
    private void PublishAnswered()
    {
        if (_opensConnections && !_context.PerConnection)
        {
            _publishesInFlight--;
        }
    }

    // A PUBLISH's answer first (the handler reads nothing until it has it), then the handshake, the messages
    // received, the close; with close_answered_at_once the close goes ahead of the messages still waiting (the library
    // answered it; the handler publishes them afterwards).
    private ControlJob NextJob(int connection)
    {
        ConnectionTable c = _connections;
        // Read only where PUBLISHes open connections: a service of a million connections misses no cache line for it.
        if (_opensConnections && c.PublishConnectRoundsLeft[connection] > 0)
        {
            return ControlJob.PublishConnect;
        }
        if (c.PublishWaitsLeft[connection] > 0)
        {
            return ControlJob.PublishWait;
        }
        if (c.HandshakeStepsLeft[connection] > 0)
        {
            return ControlJob.Handshake;
        }
        if (c.PendingInbound[connection] > 0 && !(_profile.CloseAnsweredAtOnce && c.CloseStepsLeft[connection] > 0))
        {
            return ControlJob.Inbound;
        }
        if (c.CloseStepsLeft[connection] > 0)
        {
            return ControlJob.Close;
        }
        return ControlJob.None;
    }

    private void HandshakeDone(int connection, double finish)
    {
        double openAt = finish + _context.ClientOneWay;
        if (_context.PerConnection && _profile.RedisConnectTimeoutSeconds > 0
            && finish - _connections.DialAt[connection] > _profile.RedisConnectTimeoutSeconds)
        {
            // Its Redis connection timed out: upgraded and closed with 1013 at once, no SUBSCRIBE. The server holds
            // nothing of it; its client holds the dead session until its close call.
            _connections.Refused[connection] = true;
            _connections.CloseCallAt[connection] = _context.Sessions.CloseCallAt(connection, openAt);
            _context.Schedule(openAt, ChatEvent.ClientOpen(connection));
            _context.ConnectionClosed(_task, finish);
            return;
        }
        if (_context.PerConnection && _profile.SubscribeConfirmTimeoutSeconds > 0)
        {
            // The upgrade waits for Redis' SUBSCRIBE confirmations, each of which leaves behind the copies already
            // queued on its room's egress link.
            double confirmed =
                Math.Max(finish + _context.RedisOneWay, EgressFreeForAllRooms(connection, finish))
                + _context.RedisOneWay;
            openAt += Math.Min(confirmed - finish, _profile.SubscribeConfirmTimeoutSeconds);
        }
        _connections.CloseCallAt[connection] = _context.Sessions.CloseCallAt(connection, openAt);
        _context.Schedule(openAt, ChatEvent.ClientOpen(connection));
        if (_context.PerConnection)
        {
            _context.Schedule(finish + _context.RedisOneWay, ChatEvent.Subscribe(connection));
        }
        else
        {
            // Joining the task's local fan-out needs no round trip: it holds from the handshake's end
            // (this CPU runs nothing else until then, so taking effect now is the same), for every copy read after it.
            StartForwarding(connection, _state.ArrivedIn(_connections.Room[connection]), finish);
        }
    }

    private void CloseDone(int connection, double finish)
    {
        _context.ConnectionClosed(_task, finish);
        double endAt = finish + _context.ClientOneWay;
        if (_context.PerConnection && _profile.UnsubscribeWaitSeconds > 0)
        {
            // Tearing down the connection's subscriptions waits until the egress link of each of its rooms has sent
            // what was queued before it.
            double drained = Math.Max(finish, EgressFreeForAllRooms(connection, finish)) + _context.RedisOneWay;
            endAt += Math.Min(drained - finish, _profile.UnsubscribeWaitSeconds);
        }
        _context.Schedule(endAt, ChatEvent.SessionEnd(connection));
        if (_context.PerConnection)
        {
            _context.Schedule(finish + _context.RedisOneWay, ChatEvent.Unsubscribe(connection));
        }
    }

    /// <summary>When the egress links of all the connection's rooms (their shards') have sent what they hold now.
    /// </summary>
    private double EgressFreeForAllRooms(int connection, double now)
    {
        double free = _context.Redis.EgressFreeAt(_connections.Room[connection], now);
        foreach (Memberships.Extra extra in _context.Memberships.ExtrasOf(connection))
        {
            free = Math.Max(free, _context.Redis.EgressFreeAt(extra.Room, now));
        }
        return free;
    }

    private void StopForwarding(int connection)
    {
        if (!_connections.Forwarding[connection])
        {
            return;
        }
        _connections.Forwarding[connection] = false;
        int room = _connections.Room[connection];
        _state.Leave(room);
        if (_forwarders is null)
        {
            _subscriber.Leave(room);
        }
        if (_context.TaskSubscribesPerRoom && _state.ConnectionsIn(room) == 0)
        {
            // The room's last member here has gone: the task unsubscribes.
            _context.Redis.Unsubscribe(_task, room);
        }
        _forwarders?.Remove(connection);
        foreach ((int membership, int extra) in _context.Memberships.ExtrasOf(connection))
        {
            _state.LeaveRoom(extra);
            if (_forwarders is null)
            {
                _subscriber.Leave(extra);
            }
            if (_context.TaskSubscribesPerRoom && _state.ConnectionsIn(extra) == 0)
            {
                _context.Redis.Unsubscribe(_task, extra);
            }
            _forwarders?.Remove(membership);
        }
    }

    private void EnqueueControl(int connection, double now)
    {
        if (!_connections.ControlQueued[connection])
        {
            _connections.ControlQueued[connection] = true;
            _cpu.Enqueue(ConnectionTable.ControlLane(connection), now);
        }
    }

    private enum ControlJob
    {
        None,
        PublishConnect,
        PublishWait,
        Handshake,
        Inbound,
        Close,
    }
}
