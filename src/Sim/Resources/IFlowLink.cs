namespace FanoutSim.Sim.Resources;

/// <summary>
/// A link carrying many flows whose transfers are queued by flow; the last flows are watched: their transfers are
/// reported as they leave (<see cref="TryTakeDone"/>), the others are asked after by tag.
/// </summary>
public interface IFlowLink
{
    double BusyTime { get; }

    double BytesSent { get; }

    /// <summary>Seconds transfers spent waiting for the link (as each link counts its waiting).</summary>
    double TotalWait { get; }

    /// <summary>
    /// Queues <paramref name="bytes"/> on <paramref name="flow"/> at <paramref name="ready"/> (in ready order);
    /// returns the transfer's tag, for <see cref="DoneAt"/> and <see cref="HasSent"/> (a watched flow's may be
    /// NaN: its transfers are reported by <see cref="TryTakeDone"/>).
    /// </summary>
    double Enqueue(double ready, int flow, double bytes);

    /// <summary>
    /// Queues <paramref name="bytes"/> on each of <paramref name="flows"/> at <paramref name="ready"/> (in ready
    /// order); returns a tag for all of them, for <see cref="DoneAt"/> and <see cref="HasSent"/>.
    /// </summary>
    double EnqueueEach(double ready, ReadOnlySpan<int> flows, double bytes);

    /// <summary>When the transfer tagged <paramref name="tag"/> leaves if nothing more arrives; what arrives later
    /// can only make it later.</summary>
    double DoneAt(double tag);

    /// <summary>Whether the transfer tagged <paramref name="tag"/> has left by the time the link has been run to.
    /// </summary>
    bool HasSent(double tag);

    /// <summary>The caller will not ask after <paramref name="tag"/> again (it has left): a link that holds
    /// something per tag lets it go.</summary>
    void Release(double tag);

    /// <summary>When what the unwatched flows hold will have left, if nothing more arrives.</summary>
    double UnwatchedDrainedAt();

    /// <summary>The next watched transfer that has left, and when, in completion order.</summary>
    bool TryTakeDone(out int flow, out double at);

    /// <summary>Runs the link up to <paramref name="time"/> (all the way with +infinity).</summary>
    void AdvanceTo(double time);
}
