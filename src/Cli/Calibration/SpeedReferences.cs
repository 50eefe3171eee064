using System.Globalization;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// The anchors of the reference speed rule (`calibrate --speed-rule reference --speed-reference-from FILES`): the
/// anchor runs' mean speed reference per mode and task count, each standing for the profile's speed index. The
/// reference depends on the setup's mode and task count, not only on the machine (session L: per-connection 1 task
/// 33.7 us per copy, per-task 1 task 18.0), so a run is measured only against anchors of its own.
/// </summary>
public sealed class SpeedReferences
{
    /// <summary>
    /// The option that sets <see cref="Exponent"/>; its grammar is <see cref="ParseExponent(string, out string)"/>.
    /// </summary>
    public const string ExponentOption = "--speed-reference-exponent";

    private readonly IReadOnlyDictionary<(SubscriptionMode Mode, int Tasks), double> _usPerCopy;

    private SpeedReferences(double speedIndex, double exponent,
        IReadOnlyDictionary<(SubscriptionMode, int), double> usPerCopy)
    {
        SpeedIndex = speedIndex;
        Exponent = exponent;
        _usPerCopy = usPerCopy;
    }

    /// <summary>The speed index the anchors stand for (the profile's).</summary>
    public double SpeedIndex { get; }

    /// <summary>
    /// How far a run's speed moves with its reference: index = <see cref="SpeedIndex"/> x (anchor / run)^exponent. 1
    /// (the default) scales one for one; below 1 the rule trusts a reference step less than the cost it stands for
    /// (session M: the reference moved about 2.7 times as far as the servers' own cost per copy).
    /// </summary>
    public double Exponent { get; }

    /// <summary>
    /// The anchors of <paramref name="runs"/> (read whatever the rule): the mean reference of each mode and task
    /// count. A run without a reference is refused by name.
    /// </summary>
    /// <param name="exponent">the reference's exponent (<see cref="Exponent"/>), positive</param>
    public static SpeedReferences Of(IEnumerable<CalibrationRun> runs, double speedIndex, double exponent = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exponent);
        var groups = new Dictionary<(SubscriptionMode, int), List<double>>();
        foreach (CalibrationRun run in runs)
        {
            double reference = run.Speeds?.ReferenceUsPerCopy ?? throw NoReference(run.File);
            groups.TryAdd(Key(run), []);
            groups[Key(run)].Add(reference);
        }
        return new SpeedReferences(speedIndex, exponent, groups.ToDictionary(g => g.Key, g => g.Value.Average()));
    }

    /// <summary>
    /// The exponent <paramref name="text"/> (the value of <see cref="ExponentOption"/>) stands for: a positive, finite
    /// number; null (why: <paramref name="error"/>) for anything else.
    /// </summary>
    public static double? ParseExponent(string text, out string error) => ParseExponent(text, ExponentOption,
        zeroAllowed: false, "each run at the profile's speed x (anchor reference / the run's)^E; 1, the default, "
        + "scales one for one", out error);

    /// <summary>
    /// The one grammar of a speed exponent (<see cref="ExponentOption"/>, <see cref="SpeedExponent.Option"/>): a
    /// finite number in invariant culture, positive (or zero where <paramref name="zeroAllowed"/>); null (why:
    /// <paramref name="error"/>, naming <paramref name="option"/> and what E does, <paramref name="meaning"/>) for
    /// anything else.
    /// </summary>
    public static double? ParseExponent(string text, string option, bool zeroAllowed, string meaning,
        out string error)
    {
        error = "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double exponent)
            && double.IsFinite(exponent) && (exponent > 0 || (zeroAllowed && exponent == 0)))
        {
            return exponent == 0 ? 0 : exponent; // -0 reads as 0
        }
        error = $"{option}: expected {(zeroAllowed ? "a number E >= 0" : "a positive number E")} ({meaning}); got "
            + $"'{Echoed.Capped(text)}'";
        return null;
    }

    /// <summary>The anchor for <paramref name="run"/>'s mode and task count; null when no anchor run had them.
    /// </summary>
    public ReferenceAnchor? For(CalibrationRun run) =>
        _usPerCopy.TryGetValue(Key(run), out double us) ? new ReferenceAnchor(SpeedIndex, us, Exponent) : null;

    /// <summary>Each mode and task count with its anchors' mean reference, as `calibrate` reports them.</summary>
    public string Describe() => string.Join("; ", _usPerCopy.OrderBy(p => p.Key)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{Group(p.Key)} {p.Value:0.0} us per copy")));

    /// <summary>Why a run cannot be predicted at the reference rule (no reference, or no anchor of its kind).
    /// </summary>
    public static RunFileException Unplaced(CalibrationRun run, SpeedReferences? anchors) =>
        run.Speeds?.ReferenceUsPerCopy is null ? NoReference(run.File)
        : anchors is null ? new RunFileException(run.File, "--speed-rule reference needs anchor runs "
            + "(--speed-reference-from FILES)")
        : new RunFileException(run.File, $"no anchor run of {Group(Key(run))} among --speed-reference-from (they "
            + $"have {anchors.Describe()}): the reference depends on the mode and task count");

    private static RunFileException NoReference(string file) => new(file, "carries no speed reference "
        + "(environment.speed_reference_us_per_copy, measured by calibration/run-local from 2026-12-03, session L, "
        + "on): --speed-rule reference cannot place it");

    private static (SubscriptionMode, int) Key(CalibrationRun run) => (run.Setup.Subscription, run.Setup.Tasks);

    private static string Group((SubscriptionMode Mode, int Tasks) key) =>
        $"{key.Mode.ToText()}, {key.Tasks} task{(key.Tasks == 1 ? "" : "s")}";
}
