namespace FanoutSim.Model.Chat;

/// <summary>
/// Subscribers that poll Redis without blocking (`get_message(timeout=0)` in a loop): each one with nothing to read
/// still takes a turn of the event loop, and an empty poll, in every round. A round's polls are spread over the
/// jobs of that round, so a job pays <c>busy_poll_cpu x idle pollers / jobs in the round</c>: dear while few
/// coroutines have work, and nothing once every subscriber has a backlog (its turn is then a read, not a poll).
/// With nothing else to run the pollers spin on spare cycles, which costs no job anything.
/// </summary>
internal sealed class BusyPolling
{
    private readonly double _pollCpu;
    private readonly bool _perConnection;
    private readonly ForwardingState _forwarding;
    private readonly Forwarders? _forwarders;
    private readonly SubscriberLane _subscriber;

    public BusyPolling(double pollCpu, bool perConnection, ForwardingState forwarding, Forwarders? forwarders,
        SubscriberLane subscriber)
    {
        _pollCpu = pollCpu;
        _perConnection = perConnection;
        _forwarding = forwarding;
        _forwarders = forwarders;
        _subscriber = subscriber;
    }

    public bool Active => _pollCpu > 0;

    /// <summary>
    /// Subscribers polling with nothing to read: per connection, every forwarding connection whose writer is out
    /// of the line; per task, the task's one subscription while its reader is.
    /// </summary>
    public int IdlePollers => _perConnection
        ? Math.Max(0, _forwarding.Connections - (_forwarders?.QueuedLanes ?? 0))
        : _forwarding.Connections > 0 && !_subscriber.Queued ? 1 : 0;

    /// <summary>Poll CPU a job pays when it and <paramref name="othersReady"/> other lanes make up the round.
    /// </summary>
    public double ChargePerJob(int othersReady) => _pollCpu * IdlePollers / (othersReady + 1);
}
