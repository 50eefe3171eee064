namespace FanoutSim.Sim.Resources;

/// <summary>
/// The watched transfers that have left a flow link, in completion order, until the link's owner takes them: both
/// links (per-flow share and FIFO) hand them out the same way.
/// </summary>
internal sealed class DoneTransfers
{
    private readonly Queue<(int Flow, double At)> _done = new();

    public void Add(int flow, double at) => _done.Enqueue((flow, at));

    public bool TryTake(out int flow, out double at)
    {
        if (_done.TryDequeue(out (int Flow, double At) done))
        {
            (flow, at) = done;
            return true;
        }
        (flow, at) = (-1, double.NaN);
        return false;
    }
}
