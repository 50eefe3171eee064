namespace FanoutSim.Model.Chat;

/// <summary>
/// What one task has to forward: the messages that reached its writers and the connections they go to.
/// </summary>
internal sealed class ForwardingState
{
    public ForwardingState(double bufferLimit)
    {
        BufferLimit = bufferLimit;
    }

    /// <summary>Published messages that have reached this task's writers (or were dropped on arrival).</summary>
    public int Arrived { get; set; }

    /// <summary>Connections subscribed and not yet torn down.</summary>
    public int Connections { get; set; }

    /// <summary>Messages the task's memory can buffer, over all its connections.</summary>
    public double BufferLimit { get; }
}
