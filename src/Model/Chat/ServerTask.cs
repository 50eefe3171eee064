using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Chat;

/// <summary>
/// One server task: a single event loop whose coroutines (lanes) share the task's CPU round-robin.
/// Each connection has a control lane (handshake, inbound messages, close) and a forward lane that
/// writes every message published after it subscribed; in per-task mode one subscriber lane reads
/// the task's single copy from Redis. This class routes events and lanes to the parts that own them.
/// </summary>
internal sealed class ServerTask
{
    private readonly ChatContext _context;
    private readonly TaskCpu _cpu;
    private readonly ForwardingState _forwarding;

    // Null when the subscriber lane writes every copy itself (per-task mode without per-connection writers).
    private readonly Forwarders? _forwarders;
    private readonly SubscriberLane _subscriber;
    private readonly ConnectionLifecycle _lifecycle;
    private readonly BusyPolling _polling;

    // Null when the profile gives connections no memory: the buffer limit is then fixed and nothing is tracked.
    private readonly TaskMemory? _memory;
    private readonly bool _runAhead;
    private double _pendingWakeAt = double.NegativeInfinity;

    // Wall time the job now starting holds the loop beyond its CPU (ConnectionLifecycle.JobWait), 0 for most jobs.
    private double _jobWait;

    // Whether a writer (or per task the subscriber) has run a job since the task's last inbound message: the next one
    // is then a turn of the loop back to the inbound path (ChatCounters.InboundAfterCopies).
    private bool _copiesSinceInbound;
    private TimeWeightedAverage _backlog;

    public ServerTask(int index, ChatContext context, RandomStreams streams, bool exact)
    {
        Index = index;
        _context = context;
        _runAhead = !exact && context.Scenario.Deployment.Tasks == 1;
        CostProfile profile = context.Profile;
        Deployment deployment = context.Scenario.Deployment;
        _cpu = new TaskCpu(index, context, streams);
        _forwarding = new ForwardingState(TaskMemory.MessagesThatFit(profile, deployment, 0),
            context.PerConnection ? context.RoomArrivals : null, context.RoomHolders, index,
            context.TaskSubscribesPerRoom ? context.RoomArrivals : null);
        if (context.Memory is { } memory)
        {
            _memory = memory[index] = new TaskMemory(profile, deployment, _forwarding);
        }
        bool forwarders = context.PerConnection || profile.PerTaskWritesQueuePerConnection;
        _forwarders = forwarders ? new Forwarders(context, _cpu, _forwarding, exact) : null;
        int subscriberLane = 2 * context.Connections.Task.Length + index;
        _subscriber = new SubscriberLane(subscriberLane, context, _cpu, _forwarding, _forwarders, exact);
        _lifecycle = new ConnectionLifecycle(index, context, _cpu, _forwarding, _forwarders, _subscriber);
        _polling = new BusyPolling(profile.BusyPollCpuSeconds, context.PerConnection, _forwarding, _forwarders,
            _subscriber);
    }

    public int Index { get; }

    public double BusyTime => _cpu.BusyTime;

    public long JobsRun => _cpu.JobsRun;

    public double BacklogAverage(double until) => _backlog.AverageUntil(until);

    public double BacklogMaximum => _backlog.Maximum;

    /// <summary>
    /// Messages arrived but not yet forwarded, summed over this task's connections (for time-series sampling).
    /// </summary>
    public long CurrentBacklog => Backlog;

    private long Backlog => _forwarders is null
        ? _forwarding.PendingOverConnections
        : _forwarders.Unsent + _forwarding.PendingOverConnections;

    /// <summary>
    /// CPU seconds (at this task's speed) of the forwarding already pending: what FIFO-queued work waits behind.
    /// </summary>
    public double PendingForwardSeconds(double now)
    {
        // Only forwarders write in turns; a per-task fan-out writes every copy in the subscriber's one job.
        double perMessage = _forwarders?.PendingCpuPerMessage ?? _subscriber.WriteCpu;
        double work = Backlog * perMessage + _subscriber.PendingReadCpu;
        return _cpu.SecondsFor(now, work);
    }

    public void StartHandshake(int connection, double now) => _lifecycle.StartHandshake(connection, now);

    public void AcceptInbound(int connection, double now) => _lifecycle.AcceptInbound(connection, now);

    public void StartClose(int connection, double now) => _lifecycle.StartClose(connection, now);

    /// <inheritdoc cref="ConnectionLifecycle.CancelForwardingOnClose"/>
    public void CancelForwardingOnClose(int connection) => _lifecycle.CancelForwardingOnClose(connection);

    /// <inheritdoc cref="ConnectionLifecycle.StartForwarding"/>
    public void StartForwarding(int connection, int firstMessage, double now) =>
        _lifecycle.StartForwarding(connection, firstMessage, now);

    /// <summary>Per-connection mode: copies a lost packet held back reached the connection's subscription.</summary>
    public void RedisCaughtUp(int connection, double now) => _forwarders!.RedisCaughtUp(connection, now);

    /// <summary>Per-task mode: Redis discarded the task's copy of the next message (its subscription was dropped).
    /// </summary>
    public void MessageLost() => _subscriber.MessageLost();

    /// <summary>A copy from Redis reached this task: in per-connection mode each forwarder reads its own.</summary>
    public void MessageArrived(int room, double now)
    {
        if (_context.PerConnection)
        {
            _forwarding.ArrivedEverywhere(room);
            _forwarders!.WakeCaughtUp(room, now);
            return;
        }
        _subscriber.MessageArrived(room, now);
    }

    /// <inheritdoc cref="ForwardingState.TouchEntry"/>
    public void TouchEntry(int room) => _forwarding.TouchEntry(room);

    /// <inheritdoc cref="ForwardingState.TouchRecipients"/>
    public void TouchRecipients(int room) => _forwarding.TouchRecipients(room);

    /// <summary>Whether a connection of <paramref name="room"/> forwards on this task.</summary>
    public bool Holds(int room) => _forwarding.ConnectionsIn(room) > 0;

    /// <summary>Runs the CPU up to the next event and arranges to resume if work is left.</summary>
    public void Run(double now)
    {
        var work = new LaneWork(this);
        // Before the jobs, what just arrived is held; after them, what they left.
        _memory?.BuffersChanged(Backlog, now);
        _cpu.Run(ref work);
        _backlog.Set(now, Backlog);
        _memory?.BuffersChanged(Backlog, now);
        if (_cpu.ReadyLanes > 0 && _pendingWakeAt < now)
        {
            _pendingWakeAt = _cpu.FreeAt;
            _context.Schedule(_pendingWakeAt, ChatEvent.ProcessorWake(Index));
        }
    }

    public void Wake(double now)
    {
        _pendingWakeAt = double.NegativeInfinity;
        Run(now);
    }

    private double NextJobWork(int lane)
    {
        double work = LaneJobWork(lane);
        return work >= 0 && _polling.Active ? work + _polling.ChargePerJob(_cpu.ReadyLanes) : work;
    }

    private double LaneJobWork(int lane)
    {
        _jobWait = 0;
        if (lane == _subscriber.Lane)
        {
            return CopiesJob(_subscriber.NextWork());
        }
        int connection = lane >> 1;
        if ((lane & 1) == 0)
        {
            double work = _lifecycle.NextWork(connection);
            _jobWait = _lifecycle.JobWait;
            if (work > 0 && _lifecycle.InboundJob)
            {
                InboundJobStarts();
            }
            return work;
        }
        return CopiesJob(_forwarders!.NextWork(connection));
    }

    /// <summary>A writer's (or per task the subscriber's) job: <paramref name="work"/> passed through, and the next
    /// inbound message, if this one runs, follows forwarding.</summary>
    private double CopiesJob(double work)
    {
        if (work > 0)
        {
            _copiesSinceInbound = true;
        }
        return work;
    }

    private void InboundJobStarts()
    {
        if (_copiesSinceInbound)
        {
            _context.Counters.InboundAfterCopies++;
        }
        _copiesSinceInbound = false;
    }

    private LaneNext CompleteJob(int lane, double start, double finish)
    {
        if (lane == _subscriber.Lane)
        {
            return _subscriber.Complete(start, finish);
        }
        int connection = lane >> 1;
        if ((lane & 1) == 0)
        {
            return _lifecycle.Complete(connection, finish) ? LaneNext.Requeue : LaneNext.Idle;
        }
        return _forwarders!.Complete(connection, start, finish);
    }

    /// <summary>The processor's view of this task's lanes; a struct so the calls are direct, not virtual.</summary>
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

        // A blocking call's wait follows the job's CPU: the loop is held, the quota untouched.
        public double Duration(double start, double work) => _task._cpu.Duration(start, work) + _task._jobWait;

        public double NextJobWork(int lane, double start) => _task.NextJobWork(lane);

        public LaneNext CompleteJob(int lane, double start, double finish) => _task.CompleteJob(lane, start, finish);
    }
}
