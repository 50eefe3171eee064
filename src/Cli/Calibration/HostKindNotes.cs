using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// What calibrate says about host kinds (issue 12): the one kind a fit's runs share, written as the profile's
/// fitted_host, and the warning when a profile fitted on one kind predicts runs of another.
/// </summary>
public static class HostKindNotes
{
    /// <summary>The README part that shows the misses across host kinds.</summary>
    public const string ReadmePart = "README \"Host kinds\"";

    /// <summary>
    /// The kind every measured file ran on (the first file's, when every other matches it); null when a file does not
    /// say or two differ.
    /// </summary>
    public static HostKind? Shared(IReadOnlyList<CalibrationRun> runs)
    {
        var files = runs.SelectMany(r => r.Measurements).ToList();
        if (files.Count == 0 || files[0].Host is not { } first)
        {
            return null;
        }
        return files.All(f => f.Host is { } h && h.Matches(first)) ? first : null;
    }

    /// <summary>
    /// One line when <paramref name="fitted"/> (a profile's fitted_host) differs from the kind of some runs; null when
    /// it matches every run that records its kind, when the profile names none, or when no run records one.
    /// </summary>
    /// <param name="profile">the profile's name</param>
    /// <param name="fit">true when a fit starts from the profile (its costs outside --free stay as they are)</param>
    public static string? Warning(string profile, HostKind? fitted, IReadOnlyList<CalibrationRun> runs, bool fit)
    {
        if (fitted is null)
        {
            return null;
        }
        var others = runs.SelectMany(r => r.Measurements)
            .Where(f => f.Host is { } h && !h.Matches(fitted))
            .GroupBy(f => f.Host!.ToText(), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0)
        {
            return null;
        }
        int files = runs.Sum(r => r.Measurements.Count);
        string which = string.Join(", ", others.Select(g => $"{g.Count()} on {g.Key}"));
        string kept = fit ? " (its costs outside --free stay as fitted there)" : "";
        return $"{(fit ? "start profile" : "profile")} {profile} was fitted on {fitted.ToText()}{kept}; "
            + $"{others.Sum(g => g.Count())} of {files} run file(s) ran on another host kind ({which}). Across host "
            + $"kinds the committed profiles missed by 20-45 pp on average ({ReadmePart}); fit a profile on the "
            + "runs' host kind";
    }
}
