using System.Globalization;

namespace FanoutSim.Model.Scenarios.Profile;

/// <summary>The values a cost-profile field may take: from Min (or above it) up to Max (or below it).</summary>
public sealed record ProfileBounds(double Min, bool ExclusiveMin = false, double Max = double.PositiveInfinity,
    bool ExclusiveMax = false)
{
    public static readonly ProfileBounds ZeroOrMore = new(0);

    public static readonly ProfileBounds Positive = new(0, ExclusiveMin: true);

    public static readonly ProfileBounds AtLeastOne = new(1);

    public static readonly ProfileBounds Probability = new(0, Max: 1);

    /// <summary>A spread around 1 that never reaches a factor of 0.</summary>
    public static readonly ProfileBounds BelowOne = new(0, Max: 1, ExclusiveMax: true);

    public bool Contains(double value) =>
        (ExclusiveMin ? value > Min : value >= Min) && (ExclusiveMax ? value < Max : value <= Max);

    /// <summary>The bounds in words, e.g. "at least 0 s" or "in [0, 1)".</summary>
    public string Describe(string unit)
    {
        if (double.IsPositiveInfinity(Max))
        {
            return $"{(ExclusiveMin ? "more than" : "at least")} {Text(Min)}{unit}";
        }
        return $"in {(ExclusiveMin ? '(' : '[')}{Text(Min)}, {Text(Max)}{(ExclusiveMax ? ')' : ']')}{unit}";
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
