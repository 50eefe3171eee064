using System.Globalization;
using FanoutSim.Sim.Random;
using MathNet.Numerics.Distributions;

namespace FanoutSim.Model.Scenarios;

/// <summary>
/// How long something lasts when each occurrence draws its own length (a session, the gap before a reconnect): a
/// fixed duration, or a law every draw follows. A draw is the law's quantile at one uniform number of the caller's
/// stream; a fixed duration draws nothing, so a workload that fixes its durations keeps every stream where it was.
/// </summary>
public abstract record DurationLaw
{
    /// <summary>The mean length in seconds: what a fluid bound or a steady-state rate counts on.</summary>
    public abstract double MeanSeconds { get; }

    /// <summary>The law as a report shows it ("exponential, mean 60 s").</summary>
    public abstract string Text { get; }

    /// <summary>True when every draw is the same length (no random number is taken).</summary>
    public virtual bool IsFixed => false;

    /// <summary>Why the parameters describe no law of durations (null when they do).</summary>
    public virtual string? Problem() => null;

    /// <summary>One length in seconds from <paramref name="stream"/> (nothing drawn when the law is fixed).</summary>
    public double Draw(RandomStream stream) => IsFixed ? MeanSeconds : Math.Max(0, Quantile(stream.NextDouble()));

    /// <summary>The length at cumulative probability <paramref name="p"/> in [0, 1).</summary>
    public abstract double Quantile(double p);

    protected static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    protected static string? Positive(string name, double value) =>
        value > 0 && double.IsFinite(value) ? null : I($"{name} must be a positive duration, got {value}");
}

/// <summary>Every occurrence lasts <paramref name="Seconds"/>.</summary>
public sealed record FixedDuration(double Seconds) : DurationLaw
{
    public override double MeanSeconds => Seconds;

    public override bool IsFixed => true;

    public override string Text => I($"{Seconds:0.###} s");

    public override string? Problem() =>
        Seconds >= 0 && double.IsFinite(Seconds) ? null : I($"must be a duration of 0 s or more, got {Seconds}");

    public override double Quantile(double p) => Seconds;
}

/// <summary>Memoryless lengths of the given mean: a user leaves at a constant rate whatever it has stayed.</summary>
public sealed record ExponentialDuration(double Mean) : DurationLaw
{
    public override double MeanSeconds => Mean;

    public override string Text => I($"exponential, mean {Mean:0.###} s");

    public override string? Problem() => Positive("mean", Mean);

    public override double Quantile(double p) => Exponential.InvCDF(1 / Mean, p);
}

/// <summary>
/// Log-normal lengths: the logarithm is normal with the median's log and <paramref name="Sigma"/>. Most sessions
/// short, a long tail of long ones, as measured session lengths usually are.
/// </summary>
public sealed record LogNormalDuration(double Median, double Sigma) : DurationLaw
{
    /// <summary>The law of the given mean and standard deviation (both in seconds).</summary>
    public static LogNormalDuration OfMean(double mean, double deviation)
    {
        double sigma2 = Math.Log(1 + deviation * deviation / (mean * mean));
        return new LogNormalDuration(mean / Math.Sqrt(1 + deviation * deviation / (mean * mean)), Math.Sqrt(sigma2));
    }

    public override double MeanSeconds => Median * Math.Exp(Sigma * Sigma / 2);

    public override string Text => I($"lognormal median {Median:0.###} s, sigma {Sigma:0.###}");

    public override string? Problem() =>
        Positive("median", Median)
        ?? (Sigma > 0 && double.IsFinite(Sigma) ? null : I($"sigma must be a positive number, got {Sigma}"));

    public override double Quantile(double p) => LogNormal.InvCDF(Math.Log(Median), Sigma, p);
}

/// <summary>Lengths spread evenly from <paramref name="Min"/> to <paramref name="Max"/>.</summary>
public sealed record UniformDuration(double Min, double Max) : DurationLaw
{
    public override double MeanSeconds => (Min + Max) / 2;

    public override string Text => I($"uniform {Min:0.###}-{Max:0.###} s");

    public override string? Problem() =>
        !(Min >= 0 && double.IsFinite(Min)) ? I($"min must be a duration of 0 s or more, got {Min}")
        : !(Max >= Min && double.IsFinite(Max)) ? I($"max must be at least min ({Min} s), got {Max}")
        : null;

    public override double Quantile(double p) => Min + p * (Max - Min);
}
