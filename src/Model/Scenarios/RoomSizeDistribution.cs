using System.Globalization;
using MathNet.Numerics.Distributions;

namespace FanoutSim.Model.Scenarios;

/// <summary>
/// How the sizes of a class's rooms are spread, between <paramref name="Min"/> and <paramref name="Max"/> members.
/// Room i of n gets the size at quantile (i + 1/2) / n: the class has the distribution's shape exactly, in every
/// replication, with no random draw (so the rooms a scenario names never move another stream's draws).
/// </summary>
public abstract record RoomSizeDistribution(int Min, int Max)
{
    /// <summary>The sizes of <paramref name="count"/> rooms, smallest first.</summary>
    public int[] Sizes(int count)
    {
        int[] sizes = new int[count];
        Func<double, int> sizeAt = SizeAt();
        for (int i = 0; i < count; i++)
        {
            sizes[i] = sizeAt((i + 0.5) / count);
        }
        return sizes;
    }

    /// <summary>
    /// The size at a cumulative probability in (0, 1), rounded and kept within min and max; made once, so a caller
    /// that draws many sizes (a uniform number in, a size out) allocates nothing per draw.
    /// </summary>
    public Func<double, int> SizeAt()
    {
        Func<double, double> quantile = QuantileFunction();
        return p => (int)Math.Clamp(Math.Round(quantile(p), MidpointRounding.AwayFromZero), Min, Max);
    }

    /// <summary>The mean size, by the midpoint rule over 4,096 quantiles (exact for a law without a long tail).
    /// </summary>
    public double Mean() => Sizes(4096).Average();

    /// <summary>Why the parameters describe no distribution of room sizes (null when they do).</summary>
    public virtual string? Problem() =>
        Min < 1 ? $"min must be at least 1, got {Min}"
        : Max < Min ? $"max must be at least min ({Min}), got {Max}"
        : null;

    /// <summary>The distribution as a scenario writes it, for reports.</summary>
    public abstract string Text { get; }

    /// <summary>Size at a cumulative probability in (0, 1); made once per class (a table for discrete laws).</summary>
    protected abstract Func<double, double> QuantileFunction();

    protected static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Every size from min to max equally likely.</summary>
public sealed record UniformRoomSizes(int Min, int Max) : RoomSizeDistribution(Min, Max)
{
    public override string Text => I($"uniform {Min}-{Max}");

    protected override Func<double, double> QuantileFunction() => p => Math.Floor(Min + p * (Max - Min + 1));
}

/// <summary>
/// Zipf (a discrete power law): size k from min to max with probability proportional to k^-exponent. Many small rooms
/// and a long tail of big ones.
/// </summary>
public sealed record ZipfRoomSizes(double Exponent, int Min, int Max) : RoomSizeDistribution(Min, Max)
{
    public override string Text => I($"zipf {Exponent:0.###}, {Min}-{Max}");

    public override string? Problem() =>
        base.Problem() ?? (Exponent > 0 && double.IsFinite(Exponent) ? null
            : I($"exponent must be a positive number, got {Exponent}"));

    protected override Func<double, double> QuantileFunction()
    {
        // The cumulative weights once; each quantile is then a binary search.
        double[] cumulative = new double[Max - Min + 1];
        double sum = 0;
        for (int k = Min; k <= Max; k++)
        {
            sum += Math.Pow(k, -Exponent);
            cumulative[k - Min] = sum;
        }
        return p =>
        {
            int at = Array.BinarySearch(cumulative, p * sum);
            return Min + (at >= 0 ? at : Math.Min(~at, cumulative.Length - 1));
        };
    }
}

/// <summary>Log-normal: sizes whose logarithm is normal, given by the median and the log's standard deviation.
/// </summary>
public sealed record LogNormalRoomSizes(double Median, double Sigma, int Min, int Max) : RoomSizeDistribution(Min, Max)
{
    public override string Text => I($"lognormal median {Median:0.###}, sigma {Sigma:0.###}, {Min}-{Max}");

    public override string? Problem() =>
        base.Problem()
        ?? (Median >= 1 && double.IsFinite(Median) ? null : I($"median must be at least 1, got {Median}"))
        ?? (Sigma > 0 && double.IsFinite(Sigma) ? null : I($"sigma must be a positive number, got {Sigma}"));

    protected override Func<double, double> QuantileFunction() =>
        p => LogNormal.InvCDF(Math.Log(Median), Sigma, p);
}
