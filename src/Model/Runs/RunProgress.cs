namespace FanoutSim.Model.Runs;

/// <summary>
/// How far one call's replications have come, as a share of their expected simulated time. Each replication writes
/// its own share at the simulation's cancellation checkpoints (nothing per event); a display thread reads the mean.
/// A replication that runs past its expected end (sessions stretched by overload) shows 99 % until it is done.
/// </summary>
public sealed class RunProgress
{
    private const double BeforeDone = 0.99;
    private double[] _shares = [];

    /// <summary>The mean share over every replication, 0 before they start and 1 when all are done.</summary>
    public double Fraction
    {
        get
        {
            double[] shares = Volatile.Read(ref _shares);
            if (shares.Length == 0)
            {
                return 0;
            }
            double sum = 0;
            for (int i = 0; i < shares.Length; i++)
            {
                sum += Volatile.Read(ref shares[i]);
            }
            return sum / shares.Length;
        }
    }

    internal void Start(int replications) => Volatile.Write(ref _shares, new double[replications]);

    internal void Report(int replication, double simulatedSeconds, double expectedSeconds) =>
        Volatile.Write(ref _shares[replication],
            expectedSeconds > 0 ? Math.Clamp(simulatedSeconds / expectedSeconds, 0, BeforeDone) : 0);

    internal void Done(int replication) => Volatile.Write(ref _shares[replication], 1.0);
}
