namespace FanoutSim.Sim.Resources;

/// <summary>
/// A single server that serves jobs first come, first served. Jobs must be submitted in arrival
/// order (as an event loop does), so the Lindley recursion gives each start time without events.
/// </summary>
public sealed class FifoServer
{
    private readonly Queue<double> _finishTimes = new();
    private double _lastArrival = double.NegativeInfinity;

    public double FreeAt { get; private set; }

    public double BusyTime { get; private set; }

    public double TotalWait { get; private set; }

    public double MaxWait { get; private set; }

    public long Jobs { get; private set; }

    /// <summary>Most jobs present at once (waiting or in service), seen at arrivals.</summary>
    public int MaxInSystem { get; private set; }

    public double MeanWait => Jobs == 0 ? 0 : TotalWait / Jobs;

    /// <summary>Queues a job; returns when its service ends.</summary>
    public double Submit(double arrival, double serviceTime)
    {
        if (arrival < _lastArrival)
        {
            throw new InvalidOperationException("jobs must be submitted in arrival order");
        }
        _lastArrival = arrival;
        double start = Math.Max(arrival, FreeAt);
        double wait = start - arrival;
        TotalWait += wait;
        if (wait > MaxWait)
        {
            MaxWait = wait;
        }
        FreeAt = start + serviceTime;
        while (_finishTimes.Count > 0 && _finishTimes.Peek() <= arrival)
        {
            _finishTimes.Dequeue();
        }
        _finishTimes.Enqueue(FreeAt);
        if (_finishTimes.Count > MaxInSystem)
        {
            MaxInSystem = _finishTimes.Count;
        }
        BusyTime += serviceTime;
        Jobs++;
        return FreeAt;
    }
}
