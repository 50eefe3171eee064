using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Chat;

/// <summary>
/// One replication of a chat room under load: k6 clients, the load balancer, server tasks and
/// Redis, driven by one event loop. Client-side timers are events; server CPU work runs between
/// events inside each task's processor.
/// </summary>
public sealed class ChatSimulation
{
    private const long EventsPerCancellationCheck = 65_536;

    private readonly ChatContext _context;
    private readonly Simulator<ChatEvent> _simulator;
    private readonly ServerTask[] _tasks;
    private readonly LoadBalancer _loadBalancer;
    private readonly RandomStream _timerRace;
    private readonly RandomStream? _sendJitter;
    private readonly RandomStream? _poisson;
    private readonly Workload _workload;
    private readonly bool _severalRooms;

    // Some user is in several rooms: send timers name a membership (Memberships), not only a connection.
    private readonly bool _severalPerUser;

    // How each room class's users send, resolved once: the top level's unless the class says otherwise.
    private readonly SendTiming[] _timingOfClass;
    private readonly int[] _ticksBeforeClose;
    private readonly bool[] _finalTickRacesClose;
    private readonly long[] _eventsByKind = new long[Enum.GetValues<ChatEventKind>().Length];
    private TimeSeriesSampler? _sampler;

    /// <summary>
    /// Sessions already ended (by the server's close or by the client's close timeout, whichever came first).
    /// </summary>
    private readonly bool[] _sessionEnded;

    // Sessions the run waits for: the plan's, less those a user gave up at the run's end.
    private int _sessionsToEnd;

    // Per-task mode: messages that have reached each task from Redis.
    private readonly int[] _tasksReceived;
    private int _sessionsEnded;

    private CancellationToken _cancellation;
    private Action<double>? _progress;

    /// <param name="exact">one job and one event per delivery and one link transfer per copy: the reference the batched
    /// path is tested against</param>
    public ChatSimulation(Scenario scenario, ulong seed, bool exact = false)
    {
        ScenarioRules.Check(scenario);
        _workload = scenario.Workload;
        _severalRooms = _workload.SeveralRooms;
        _severalPerUser = _workload.SharesMembers;
        _simulator = new Simulator<ChatEvent>(scenario.TimeLimitSeconds, 4096);
        var streams = new RandomStreams(seed);
        _context = new ChatContext(scenario, _simulator, exact, streams);
        _tasks = new ServerTask[scenario.Deployment.Tasks];
        for (int i = 0; i < _tasks.Length; i++)
        {
            _tasks[i] = new ServerTask(i, _context, streams, exact);
            if (!_context.PerConnection)
            {
                // A per-task server's one subscription, in task order, for the whole run.
                _context.Redis.Shaped?.Subscribe(i);
            }
        }
        _tasksReceived = new int[_tasks.Length];
        _loadBalancer = new LoadBalancer(scenario.Deployment.LoadBalancer, _context.OpenConnections, _context.Rooms);
        _timerRace = streams.For("client-timers");
        _timingOfClass = [.. _workload.RoomClasses.Select(_workload.TimingOf)];
        _ticksBeforeClose = new int[_timingOfClass.Length];
        _finalTickRacesClose = new bool[_timingOfClass.Length];
        for (int k = 0; k < _timingOfClass.Length; k++)
        {
            SendTiming timing = _timingOfClass[k];
            (_ticksBeforeClose[k], bool races) = SendSchedule.Ticks(timing.IntervalSeconds, _workload.SessionSeconds);
            // With jitter or Poisson sends no tick lands on the close instant, so none races it.
            _finalTickRacesClose[k] = races && timing.Sends == SendProcess.Ticks && timing.JitterSeconds == 0;
            if (timing.Sends == SendProcess.None)
            {
                _ticksBeforeClose[k] = 0;
            }
        }
        _sessionEnded = new bool[_context.Sessions.Connections];
        _sessionsToEnd = _sessionEnded.Length;
        ScheduleUserStarts(streams.For("ramp"));
        // One stream each for every class's jitter and every class's Poisson gaps, drawn only by the classes that have
        // them: a workload whose classes tick exactly keeps every other draw where it was.
        _sendJitter = _timingOfClass.Any(t => t.JitterSeconds > 0) ? streams.For("send-jitter") : null;
        _poisson = _timingOfClass.Any(t => t.Sends == SendProcess.Poisson) ? streams.For("send-poisson") : null;
    }

    /// <summary>What the run's parts share, for tests that look inside a run (at its progress reports, or after it).
    /// </summary>
    internal ChatContext Context => _context;

    /// <summary>
    /// The samples taken when <see cref="SampleEvery"/> was called before <see cref="Run"/>; otherwise null.
    /// </summary>
    public Results.TimeSeries? TimeSeries => _sampler?.Result;

    /// <summary>Redis egress millisecond by millisecond (and what a shaper dropped), once the run is over.</summary>
    public Results.EgressTrace EgressTrace()
    {
        RedisBus redis = _context.Redis;
        RedisNodeType node = _context.Scenario.Deployment.RedisNode;
        double allowanceGbps = node.Shaping?.RateGbps ?? node.BaselineGbps;
        return new Results.EgressTrace(redis.EgressTrace.ToArray(), allowanceGbps * 1000,
            redis.Shaped?.Drops.ToArray(), redis.Shaped?.RetransmissionTimes.ToArray());
    }

    /// <summary>
    /// Records queue depths, utilisations and rates every <paramref name="seconds"/> of simulated time (no effect on
    /// results).
    /// </summary>
    public ChatSimulation SampleEvery(double seconds)
    {
        _sampler = new TimeSeriesSampler(_context, _tasks, seconds);
        return this;
    }

    /// <summary>
    /// Stops <see cref="Run"/> with <see cref="OperationCanceledException"/> once <paramref name="cancellation"/> is
    /// cancelled (checked every <see cref="EventsPerCancellationCheck"/> events; no effect on results).
    /// </summary>
    public ChatSimulation StopWhen(CancellationToken cancellation)
    {
        _cancellation = cancellation;
        return this;
    }

    /// <summary>
    /// Tells <paramref name="report"/> the simulated time at each cancellation checkpoint (a long run's progress; no
    /// effect on results).
    /// </summary>
    public ChatSimulation ReportProgress(Action<double> report)
    {
        _progress = report;
        return this;
    }

    /// <summary>Runs to the end (or the time limit) and returns the raw outcome.</summary>
    public ChatOutcome Run()
    {
        CancellationToken cancellation = _cancellation;
        bool stopWhenAllEnded = _context.Profile.ClientCloseTimeoutSeconds > 0;
        long untilCheck = EventsPerCancellationCheck;
        while (_simulator.TryNext(out ChatEvent e))
        {
            // A cheap countdown keeps the check off the hot path: a long run still stops within milliseconds.
            if (--untilCheck == 0)
            {
                untilCheck = EventsPerCancellationCheck;
                cancellation.ThrowIfCancellationRequested();
                _progress?.Invoke(_simulator.Now);
            }
            _eventsByKind[(int)e.Kind]++;
            _sampler?.Advance(_simulator.Now);
            TouchAhead();
            Handle(e, _simulator.Now);
            if (stopWhenAllEnded && _sessionsEnded == _sessionsToEnd)
            {
                // Like k6, the test is over when every session is: pending close-timeout events must not stretch it.
                break;
            }
        }
        _context.Redis.Settle();
        return ChatOutcomeBuilder.Build(_context, _tasks, _simulator, _eventsByKind);
    }

    /// <summary>
    /// Prefetches what the next pending event reads first and changes nothing (<see cref="CacheHint"/>): a message's
    /// send, arrival at its task and PUBLISH each start with cache misses into per-connection and per-room state
    /// spread over hundreds of megabytes (a service of a million connections); asked for one event ahead, they overlap
    /// the work of the event in hand.
    /// </summary>
    private void TouchAhead()
    {
        if (!_simulator.TryPeek(out ChatEvent next))
        {
            return;
        }
        ConnectionTable connections = _context.Connections;
        switch (next.Kind)
        {
            case ChatEventKind.SendTick when !_severalPerUser:
                // The membership is the connection (its one room).
                int sender = next.Membership;
                connections.Touch(sender);
                _context.Latency.TouchSender(sender);
                break;
            case ChatEventKind.InboundArrive:
                connections.Touch(next.Connection);
                _context.Latency.TouchSender(next.Connection);
                break;
            case ChatEventKind.RedisPublish:
                _context.Latency.TouchRoom(next.Room);
                break;
        }
    }

    /// <summary>The membership's next Poisson send, unless it would fall after the client's close.</summary>
    private void SchedulePoissonSend(int membership, int connection, double now, int index, SendTiming timing)
    {
        double at = now + _poisson!.Exponential(timing.IntervalSeconds);
        if (at < _context.Connections.CloseCallAt[connection])
        {
            _context.Schedule(at, ChatEvent.SendTick(membership, index));
        }
    }

    /// <summary>How much later than its tick a send comes (0 with k6's exact ticks).</summary>
    private double Jitter(SendTiming timing) =>
        timing.JitterSeconds > 0 ? _sendJitter!.Uniform(0, timing.JitterSeconds) : 0;

    /// <summary>The connection and room of a membership (a connection's own index: its first room, set when it
    /// dials).</summary>
    private (int Connection, int Room) Locate(int membership) =>
        _severalPerUser ? _context.Memberships.Locate(membership) : (membership, _context.Connections.Room[membership]);

    private void ScheduleUserStarts(RandomStream ramp)
    {
        double dialRamp = _context.Scenario.DialRampSeconds;
        for (int user = 0; user < _workload.Users; user++)
        {
            _context.Schedule(SessionPlan.Start(ramp, dialRamp), ChatEvent.SessionDial(user, 0));
        }
    }

    /// <summary>The session's ticks strictly before its close: its class's, or with drawn lengths its own.</summary>
    private int TicksBeforeClose(int connection, int roomClass) =>
        !_context.Sessions.Drawn || _timingOfClass[roomClass].Sends == SendProcess.None
            ? _ticksBeforeClose[roomClass]
            : SendSchedule.Ticks(_timingOfClass[roomClass].IntervalSeconds, _context.Sessions.LengthOf(connection))
                .TicksBeforeClose;

    /// <summary>Whether one more exact tick lands on the session's close instant and races it.</summary>
    private bool FinalTickRacesClose(int connection, int roomClass)
    {
        if (!_context.Sessions.Drawn)
        {
            return _finalTickRacesClose[roomClass];
        }
        SendTiming timing = _timingOfClass[roomClass];
        return timing.Sends == SendProcess.Ticks && timing.JitterSeconds == 0 &&
            SendSchedule.Ticks(timing.IntervalSeconds, _context.Sessions.LengthOf(connection)).FinalTickRacesClose;
    }

    /// <summary>The session just opened: its first send in each of its rooms, a tick (an interval on) or a Poisson gap
    /// away.</summary>
    private void ScheduleFirstSends(int connection, double now)
    {
        ScheduleFirstSend(connection, connection, _context.Connections.Room[connection], now);
        foreach (Memberships.Extra extra in _context.Memberships.ExtrasOf(connection))
        {
            ScheduleFirstSend(extra.Membership, connection, extra.Room, now);
        }
    }

    private void ScheduleFirstSend(int membership, int connection, int room, double now)
    {
        int roomClass = _context.Rooms.ClassOf(room);
        SendTiming timing = _timingOfClass[roomClass];
        if (timing.Sends == SendProcess.Poisson)
        {
            SchedulePoissonSend(membership, connection, now, 1, timing);
        }
        else if (TicksBeforeClose(connection, roomClass) >= 1)
        {
            _context.Schedule(now + timing.IntervalSeconds + Jitter(timing), ChatEvent.SendTick(membership, 1));
        }
    }

    /// <summary>Send <paramref name="tick"/> of the session in the membership's room is due: made (unless late past the
    /// close), and the next one scheduled.</summary>
    private void SendAndScheduleNext(int membership, int tick, double now)
    {
        ConnectionTable connections = _context.Connections;
        (int connection, int room) = Locate(membership);
        int roomClass = _context.Rooms.ClassOf(room);
        SendTiming timing = _timingOfClass[roomClass];
        if (timing.Sends == SendProcess.Poisson)
        {
            Send(connection, room, now);
            SchedulePoissonSend(membership, connection, now, tick + 1, timing);
            return;
        }
        if (timing.JitterSeconds > 0 && now >= connections.CloseCallAt[connection])
        {
            // A late send would fall after the client's close: it is never made.
            return;
        }
        Send(connection, room, now);
        if (tick < TicksBeforeClose(connection, roomClass))
        {
            double openAt = connections.CloseCallAt[connection] - _context.Sessions.LengthOf(connection);
            _context.Schedule(openAt + (tick + 1) * timing.IntervalSeconds + Jitter(timing),
                ChatEvent.SendTick(membership, tick + 1));
        }
    }


    private void Handle(in ChatEvent e, double now)
    {
        ConnectionTable connections = _context.Connections;
        switch (e.Kind)
        {
            case ChatEventKind.SessionDial:
                Dial(e.User, e.SessionIndex, now);
                break;
            case ChatEventKind.HandshakeArrive:
                if (QueuedBehindBacklog(e, now))
                {
                    break;
                }
                TaskOf(e.Connection).StartHandshake(e.Connection, now);
                TaskOf(e.Connection).Run(now);
                break;
            case ChatEventKind.ClientOpen:
                _context.Counters.ConnectDurations.Add(now - connections.DialAt[e.Connection]);
                if (!connections.Refused[e.Connection])
                {
                    ScheduleFirstSends(e.Connection, now);
                }
                _context.Schedule(connections.CloseCallAt[e.Connection], ChatEvent.ClientClose(e.Connection));
                break;
            case ChatEventKind.SendTick:
                SendAndScheduleNext(e.Membership, e.Tick, now);
                break;
            case ChatEventKind.ClientClose:
                if (connections.Refused[e.Connection])
                {
                    // The server is gone: the client's close fails at once and its session ends.
                    EndSession(e.Connection, now);
                    break;
                }
                RaceFinalTick(e.Connection, connections.Room[e.Connection], now);
                foreach (Memberships.Extra extra in _context.Memberships.ExtrasOf(e.Connection))
                {
                    RaceFinalTick(e.Connection, extra.Room, now);
                }
                _context.Schedule(now + _context.ClientOneWay, ChatEvent.CloseArrive(e.Connection));
                if (_context.Profile.ClientCloseTimeoutSeconds > 0)
                {
                    // The client gives up on a close that takes too long.
                    _context.Schedule(
                        now + _context.Profile.ClientCloseTimeoutSeconds, ChatEvent.SessionAbort(e.Connection));
                }
                break;
            case ChatEventKind.InboundArrive:
                TaskOf(e.Connection).AcceptInbound(e.Connection, now);
                TaskOf(e.Connection).Run(now);
                break;
            case ChatEventKind.CloseArrive:
                if (QueuedBehindBacklog(e, now))
                {
                    // The cancellation of the forwarder does not queue; the close handshake does.
                    TaskOf(e.Connection).CancelForwardingOnClose(e.Connection);
                    break;
                }
                TaskOf(e.Connection).StartClose(e.Connection, now);
                TaskOf(e.Connection).Run(now);
                break;
            case ChatEventKind.SessionEnd:
                EndSession(e.Connection, now);
                break;
            case ChatEventKind.RedisPublish:
                Publish(now, e.Room, e.SendRef);
                break;
            case ChatEventKind.Subscribe:
                Subscribe(e.Connection, now);
                break;
            case ChatEventKind.Unsubscribe:
                _context.Redis.Unsubscribe(e.Connection, connections.Room[e.Connection]);
                foreach (Memberships.Extra extra in _context.Memberships.ExtrasOf(e.Connection))
                {
                    _context.Redis.Unsubscribe(e.Connection, extra.Room);
                }
                break;
            case ChatEventKind.MessageArrive:
                MessageArrive(e.Room, e.Message, now);
                break;
            case ChatEventKind.RedisRetransmit:
                _context.Redis.Shaped!.Retransmit(e.Subscriber, now, _context.Redis.MessageCount);
                break;
            case ChatEventKind.RedisCatchUp:
            case ChatEventKind.RedisDisconnected:
                HeldCopiesSettled(e.Subscriber, e.UpTo, now);
                break;
            case ChatEventKind.ProcessorWake:
                _tasks[e.Task].Wake(now);
                break;
            default:
                throw new InvalidOperationException($"unknown event kind {e.Kind}");
        }
    }

    /// <summary>
    /// With <see cref="CostProfile.ControlQueuesBehindBacklog"/>, a handshake or close that just reached its task is
    /// re-delivered (<see cref="ChatEvent.IsDeferred"/>) once the forwarding pending there has had its CPU time;
    /// returns true when it was deferred.
    /// </summary>
    private bool QueuedBehindBacklog(in ChatEvent e, double now)
    {
        if (!_context.Profile.ControlQueuesBehindBacklog || e.IsDeferred)
        {
            return false;
        }
        double wait = TaskOf(e.Connection).PendingForwardSeconds(now);
        if (wait <= 0)
        {
            return false;
        }
        _context.Schedule(now + wait, e.Deferred());
        return true;
    }

    private ServerTask TaskOf(int connection) => _tasks[_context.Connections.Task[connection]];

    private void Dial(int user, int session, double now)
    {
        int connection = _context.Sessions.ConnectionOf(user, session);
        _context.Connections.DialAt[connection] = now;
        int room = _context.Rooms.RoomOf(user);
        _context.Connections.Room[connection] = room;
        _context.Counters.Churn?.Dialled(user, now, reconnect: session > 0);
        int task = _loadBalancer.Pick(room);
        _context.Connections.Task[connection] = task;
        _context.ConnectionOpened(task, now);
        // TCP connect takes a round trip, then the upgrade request travels one way.
        _context.Schedule(now + 1.5 * _context.Profile.ClientRttSeconds, ChatEvent.HandshakeArrive(connection));
    }

    /// <summary>The final tick of the connection's membership in <paramref name="room"/> races the client's close
    /// (k6's timers): sent when it wins.</summary>
    private void RaceFinalTick(int connection, int room, double now)
    {
        if (FinalTickRacesClose(connection, _context.Rooms.ClassOf(room)) &&
            _timerRace.Bernoulli(_context.Profile.FinalTickWinsProbability))
        {
            Send(connection, room, now);
        }
    }

    /// <summary>The connection's client sends in <paramref name="room"/>: a copy is owed to each of the room's
    /// members.</summary>
    private void Send(int connection, int room, double now)
    {
        int roomClass = _context.Rooms.ClassOf(room);
        _context.Counters.Sent++;
        _context.Counters.SentByClass[roomClass]++;
        // Owed to every member of the room (k6's sent x N); with churn, to those in a session (k6 counts what clients
        // receive, and a member between sessions receives nothing).
        _context.Counters.ExpectedByClass[roomClass] +=
            _context.Rooms.SizeOf(room) - (_context.Counters.Churn?.AwayIn(room) ?? 0);
        _context.Latency.Sent(connection, now);
        _context.Inbound?.Sent(connection, room);
        _context.Schedule(now + _context.ClientOneWay, ChatEvent.InboundArrive(connection));
    }

    private void EndSession(int connection, double now)
    {
        if (_sessionEnded[connection])
        {
            // The client already aborted this close; the server finishing it later changes nothing client-side.
            return;
        }
        _sessionEnded[connection] = true;
        _sessionsEnded++;
        ChatCounters counters = _context.Counters;
        counters.SessionDurations.Add(now - _context.Connections.DialAt[connection]);
        // Ended by its close handshake or by the client's close timeout, whichever came first.
        counters.CloseDurations.Add(now - _context.Connections.CloseCallAt[connection]);
        counters.LastSessionEnd = Math.Max(counters.LastSessionEnd, now);
        SessionPlan plan = _context.Sessions;
        bool reconnects = plan.Next(connection, now, out int next, out double dialAt);
        int user = plan.UserOf(connection);
        counters.Churn?.Ended(user, now, reconnects);
        if (!reconnects)
        {
            // The run's end came first: the sessions the user planned after this one are never made.
            _sessionsToEnd -= plan.PlannedAfter(connection);
            return;
        }
        int session = next - plan.ConnectionOf(user, 0);
        if (dialAt > now)
        {
            _context.Schedule(dialAt, ChatEvent.SessionDial(user, session));
            return;
        }
        Dial(user, session, now);
    }

    private void Publish(double now, int room, int sendRef)
    {
        RedisBus redis = _context.Redis;
        int message = redis.MessageCountIn(room);
        _context.Latency.Published(room, message, sendRef, now);
        int copies = _context.PerConnection || _context.TaskSubscribesPerRoom
            ? redis.SubscribersIn(room)
            : _tasks.Length;
        (_, double end) = redis.Publish(now, room, copies);
        // Copies leave back to back; every task can act on its copy once the burst is out (a burst
        // lasts copies x bytes / rate: microseconds unless the link is saturated, when queueing dominates).
        // (A shaped egress, one room only, numbers messages as the room does.)
        _context.Schedule(end + _context.RedisOneWay, ChatEvent.MessageArrive(room, message));
    }

    /// <summary>
    /// Per-connection mode: the connection's own SUBSCRIBE reaches Redis (per-task connections join locally).
    /// </summary>
    private void Subscribe(int connection, double now)
    {
        if (_context.Connections.Closing[connection])
        {
            return;
        }
        ServerTask task = TaskOf(connection);
        int room = _context.Connections.Room[connection];
        // One SUBSCRIBE per room on the connection's one Redis connection, all at once (their task CPU is taken as
        // part of the connection's own setup: no profile has a cost per channel).
        _context.Redis.Subscribe(connection, room);
        foreach (Memberships.Extra extra in _context.Memberships.ExtrasOf(connection))
        {
            _context.Redis.Subscribe(connection, extra.Room);
        }
        task.StartForwarding(connection, _context.Redis.MessageCountIn(room), now);
        task.Run(now);
    }

    /// <summary>
    /// A message's copies are out of Redis: every task can act on its own, but a per-task subscription whose earlier
    /// packet was lost gets it only with the retransmission (per-connection forwarders check their own gate).
    /// </summary>
    private void MessageArrive(int room, int message, double now)
    {
        if (!_context.Redis.CopiesLeft(room, now - _context.RedisOneWay, out double notBefore))
        {
            // A flow-shared egress told when the copies would leave if nothing more came; more came. Looked at again
            // when the egress can be run to that time: (t + d) - d may round below t, and asking again then would
            // ask again at once, forever.
            double again = notBefore + _context.RedisOneWay;
            while (again - _context.RedisOneWay < notBefore)
            {
                again = Math.BitIncrement(again);
            }
            _context.Schedule(again, ChatEvent.MessageArrive(room, message));
            return;
        }
        if (_context.PerConnection || _context.TaskSubscribesPerRoom)
        {
            _context.RoomArrivals[room]++;
        }
        if (_severalRooms)
        {
            // Only tasks holding a member of the room have anything to do (per-task: only they subscribed); a
            // service of many rooms on many tasks must not visit every task per message. Each task's state for the
            // room is touched first (entries, then the lists they point to), so its cache misses overlap rather than
            // come one task at a time.
            ReadOnlySpan<int> holders = _context.RoomHolders.Visit(room);
            _context.Latency.Touch(room, message);
            foreach (int task in holders)
            {
                _tasks[task].TouchEntry(room);
            }
            foreach (int task in holders)
            {
                _tasks[task].TouchRecipients(room);
            }
            foreach (int task in holders)
            {
                _tasks[task].MessageArrived(room, now);
                _tasks[task].Run(now);
            }
            return;
        }
        ShapedEgress? shaped = _context.Redis.Shaped;
        for (int i = 0; i < _tasks.Length; i++)
        {
            if (shaped is not null && !_context.PerConnection)
            {
                if (message >= shaped.Gate(i))
                {
                    continue;
                }
                _tasksReceived[i]++;
            }
            _tasks[i].MessageArrived(room, now);
            _tasks[i].Run(now);
        }
    }

    /// <summary>
    /// Copies a lost packet held back reach their subscriber (a catch-up), or Redis discarded them (a disconnect over
    /// the output buffer limit), up to <paramref name="upTo"/>: a connection's forwarder reads or skips them; a task
    /// gets them, or loses them for every local connection.
    /// </summary>
    private void HeldCopiesSettled(int subscriber, int upTo, double now)
    {
        ShapedEgress shaped = _context.Redis.Shaped!;
        shaped.CatchUp(subscriber, upTo);
        if (_context.PerConnection)
        {
            ServerTask owner = TaskOf(subscriber);
            owner.RedisCaughtUp(subscriber, now);
            owner.Run(now);
            return;
        }
        ServerTask task = _tasks[subscriber];
        // A catch-up never overlaps the range the last disconnect discarded: it ends before it or starts after it.
        (int from, int to) = shaped.Lost(subscriber);
        for (; _tasksReceived[subscriber] < upTo; _tasksReceived[subscriber]++)
        {
            if (_tasksReceived[subscriber] >= from && _tasksReceived[subscriber] < to)
            {
                task.MessageLost();
            }
            else
            {
                task.MessageArrived(0, now);
            }
        }
        task.Run(now);
    }
}
