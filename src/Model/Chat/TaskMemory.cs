using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// One task's memory: its base, what each open connection holds and what its outbound buffers hold, against the
/// task's size. Buffered messages get the room the base and the connections leave; what does not fit is dropped
/// (the buffer limit), so only the base and the connections can take a task past its size, and the first instant
/// they do is kept.
/// </summary>
internal sealed class TaskMemory
{
    private readonly CostProfile _profile;
    private readonly Deployment _deployment;
    private readonly double _sizeBytes;
    private readonly double _messageBytes;
    private readonly ForwardingState _buffers;
    private int _open;
    private long _buffered;

    public TaskMemory(CostProfile profile, Deployment deployment, ForwardingState buffers)
    {
        _profile = profile;
        _deployment = deployment;
        _sizeBytes = deployment.TaskMemoryGb * 1e9;
        _messageBytes = profile.BufferedMessageBytes;
        _buffers = buffers;
    }

    /// <summary>The most bytes in use at any instant of the run.</summary>
    public double PeakBytes { get; private set; }

    /// <summary>Open connections when <see cref="PeakBytes"/> was reached.</summary>
    public int PeakConnections { get; private set; }

    /// <summary>When the memory in use first passed the task's size; NaN while it never did.</summary>
    public double ExceededAt { get; private set; } = double.NaN;

    /// <summary>
    /// Outbound messages (over all connections) that fit beside the base and <paramref name="openConnections"/>
    /// connections; at least one, so a task past its size still forwards what it is handed.
    /// </summary>
    public static double MessagesThatFit(CostProfile profile, Deployment deployment, int openConnections) =>
        // With no connection memory this is exactly the limit a task has always had: x - 0 is x.
        Math.Max(1, (deployment.TaskMemoryGb - profile.TaskMemoryGbWith(openConnections)) * 1e9
            / profile.BufferedMessageBytes);

    /// <summary>The task's open connections changed: the room for buffers follows, and the memory in use.</summary>
    public void ConnectionsChanged(int openConnections, double now)
    {
        _open = openConnections;
        _buffers.BufferLimit = MessagesThatFit(_profile, _deployment, openConnections);
        Observe(now);
    }

    /// <summary>The messages the task holds for its connections changed.</summary>
    public void BuffersChanged(long buffered, double now)
    {
        _buffered = buffered;
        Observe(now);
    }

    private void Observe(double now)
    {
        double fixedBytes = _profile.TaskMemoryGbWith(_open) * 1e9;
        // Past the limit the model drops what arrives (a forwarder trims its backlog at its next turn), so buffers
        // never hold more than the room left.
        double buffers = Math.Min(_buffered * _messageBytes, Math.Max(0, _sizeBytes - fixedBytes));
        double inUse = fixedBytes + buffers;
        if (inUse > PeakBytes)
        {
            PeakBytes = inUse;
            PeakConnections = _open;
        }
        if (inUse > _sizeBytes && double.IsNaN(ExceededAt))
        {
            ExceededAt = now;
        }
    }
}
