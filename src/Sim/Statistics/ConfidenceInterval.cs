using MathNet.Numerics.Distributions;

namespace FanoutSim.Sim.Statistics;

/// <summary>Mean of independent replications with a Student-t confidence half-width.</summary>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, int Count)
{
    public double Low => Mean - HalfWidth;

    public double High => Mean + HalfWidth;

    public bool Contains(double value) => value >= Low && value <= High;

    public static ConfidenceInterval Of(IReadOnlyList<double> samples, double confidence = 0.95)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }
        double mean = samples.Average();
        if (samples.Count == 1)
        {
            return new ConfidenceInterval(mean, 0, 1);
        }
        double variance = samples.Sum(x => (x - mean) * (x - mean)) / (samples.Count - 1);
        double t = StudentT.InvCDF(0, 1, samples.Count - 1, 1 - (1 - confidence) / 2);
        return new ConfidenceInterval(mean, t * Math.Sqrt(variance / samples.Count), samples.Count);
    }
}
