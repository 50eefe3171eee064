namespace FanoutSim.Cli.Plotting;

/// <summary>One line of a sweep's line chart: a series' value at each x.</summary>
/// <param name="Series">picks the colour: 0, 1, ... in the palette's order; -1 for the total, drawn black and thick
/// </param>
/// <param name="Group">the other varied keys' values this line holds ("" when only x varies): the line's pattern
/// </param>
internal sealed record SweepLine(string Label, int Series, string Group, double[] X, double[] Y);

/// <summary>What a sweep's line chart draws, as plain numbers.</summary>
/// <param name="Categories">tick labels when x is not a number (x is then 0, 1, ...); null for a numeric x</param>
internal sealed record SweepLines(string XKey, string XLabel, IReadOnlyList<string>? Categories,
    IReadOnlyList<SweepLine> Lines);
