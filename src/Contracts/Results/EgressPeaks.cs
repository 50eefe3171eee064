namespace FanoutSim.Model.Results;

/// <summary>
/// Redis egress at its busiest over windows of 1 ms, 10 ms, 100 ms and 1 s, in Mbit/s (simulated; means over
/// replications). A cloud node's allowance is enforced at the short end of this range, while monitoring averages
/// over minutes.
/// </summary>
/// <param name="BytesPerInterval">what one send interval releases when every user sends once: sends x copies x bytes
/// per copy, the burst a lockstep load test puts out at every tick</param>
public sealed record EgressPeaks(double Mbps1Ms, double Mbps10Ms, double Mbps100Ms, double Mbps1S,
    double BytesPerInterval = 0)
{
    /// <summary>The windows, in milliseconds, in the order of the fields.</summary>
    public static readonly int[] WindowsMs = [1, 10, 100, 1000];

    public static EgressPeaks Mean(IReadOnlyList<EgressPeaks> runs) => new(
        runs.Average(r => r.Mbps1Ms), runs.Average(r => r.Mbps10Ms), runs.Average(r => r.Mbps100Ms),
        runs.Average(r => r.Mbps1S), runs.Average(r => r.BytesPerInterval));
}
