using System.Globalization;
using FanoutSim.LoadGen;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// One real run as calibration data: the deployment and workload it ran against (its setup, enough to rebuild its
/// scenario) and what was measured. Read from a RunReport JSON or from a k6 summary export plus its deployment YAML.
/// </summary>
/// <param name="File">the file it was read from, named in every message about it</param>
/// <param name="Observed">what was measured; for a repeated setup, the mean over its repeats</param>
public sealed record CalibrationRun(
    string Name,
    string File,
    RunSetup Setup,
    ObservedMetrics Observed,
    long Sent,
    long Received)
{
    public IReadOnlyList<CalibrationRun> Repeats { get; init; } = [];

    /// <summary>
    /// The setup's name as its files give it: <see cref="Name"/>, unless the setup was measured on several host kinds
    /// and this case is one kind's (<see cref="RepeatedRuns.KindName"/>). Folds are dealt by it, so a setup's kinds
    /// are held out together.
    /// </summary>
    public string SetupName
    {
        get => _setupName ?? Name;
        init => _setupName = value;
    }

    private readonly string? _setupName;

    /// <summary>
    /// The contamination guard's verdict; null when the run carries none (measured before the guard).
    /// </summary>
    public bool? Contaminated { get; init; }

    /// <summary>
    /// Every speed index its file carries; null for runs read from elsewhere (a k6 deployment file), whose only speed
    /// is the one their setup states.
    /// </summary>
    public MeasuredSpeeds? Speeds { get; init; }

    /// <summary>
    /// The kind of host the run ran on (its environment's CPU model, count and clock); null for runs that do not say
    /// (k6 exports, simulated runs). A repeated setup keeps its first file's; <see cref="Measurements"/> has each
    /// one's.
    /// </summary>
    public HostKind? Host { get; init; }

    /// <summary>
    /// The extra environment settings the servers ran with (calibration/run-local's SERVER_CPUS and SERVER_ENV:
    /// environment.server_env, or for files written before it the settings in brackets of environment.server_cpus),
    /// in ordinal order, space-separated; null for none (the default runtime, and files that record nothing).
    /// Repeats must agree on it (<see cref="RepeatedRuns.Key"/>).
    /// </summary>
    public string? ServerSettings { get; init; }

    /// <summary>The measured files behind the run: its repeats, or itself.</summary>
    public IReadOnlyList<CalibrationRun> Measurements => Repeats.Count > 0 ? Repeats : [this];

    /// <summary>Which index <see cref="RunSetup.MachineSpeedIndex"/> is (<see cref="AtSpeed"/>).</summary>
    public SpeedSource SpeedSource { get; init; } = SpeedSource.Stated;

    /// <summary>The run predicted at the speed index <paramref name="rule"/> picks from its <see cref="Speeds"/>.
    /// </summary>
    /// <param name="anchors">the reference rule's anchors (`--speed-reference-from`)</param>
    /// <param name="exponent">`--speed-exponent`: how far a measured index (the probes', in-run or machine) moves the
    /// run's speed from the profile's; null for the index itself</param>
    /// <exception cref="RunFileException">the reference rule without a reference or an anchor for the run; an
    /// exponent that puts the run's speed out of range</exception>
    public CalibrationRun AtSpeed(SpeedRule rule, SpeedReferences? anchors = null, SpeedExponent? exponent = null)
    {
        ReferenceAnchor? anchor = rule == SpeedRule.Reference ? anchors?.For(this) : null;
        SpeedPick pick = (Speeds ?? MeasuredSpeeds.StatedOnly(Setup.MachineSpeedIndex)).Pick(rule, anchor);
        if (rule == SpeedRule.Reference && pick.Source == SpeedSource.Unknown)
        {
            throw SpeedReferences.Unplaced(this, anchors);
        }
        if (exponent is { } e && pick.Index is { } measured
            && pick.Source is SpeedSource.ProbesWhereRun or SpeedSource.InRun or SpeedSource.InRunTrace
                or SpeedSource.ProbesMachine)
        {
            double index = e.IndexOf(measured);
            pick = double.IsFinite(index) && index > 0
                ? pick with { Index = index }
                : throw new RunFileException(File, string.Create(CultureInfo.InvariantCulture,
                    $"{SpeedExponent.Option} {e.Exponent} puts its speed index {measured:0} at {index} (the "
                    + $"profile's {e.ProfileSpeedIndex:0} x ({measured:0} / {e.ProfileSpeedIndex:0})^E); a smaller "
                    + $"exponent keeps it finite"));
        }
        return this with
        {
            Setup = Setup with
            {
                MachineSpeedIndex = pick.Index,
                SpeedTrace = pick.Source == SpeedSource.InRunTrace ? Speeds!.InRunTrace : Setup.SpeedTrace,
            },
            Speeds = Speeds ?? MeasuredSpeeds.StatedOnly(Setup.MachineSpeedIndex),
            SpeedSource = pick.Source,
        };
    }

    /// <summary>Users' first dials spread over this long.</summary>
    public double RampSeconds => Setup.RampSeconds;

    /// <summary>Memory of each server task (bounds buffered messages).</summary>
    public double TaskMemoryGb => Setup.TaskMemoryGb;

    /// <summary>
    /// Catalog node type; null means a plain link of <see cref="RunSetup.RedisEgressMbps"/>, or unshaped when that
    /// is null too.
    /// </summary>
    public string? RedisNode => Setup.RedisLink == RedisLink.CatalogNode ? Setup.RedisNode : null;

    /// <summary>How many measurements stand behind <see cref="Observed"/>.</summary>
    public int RepeatCount => Math.Max(1, Repeats.Count);

    /// <summary>
    /// Lowest and highest measured delivery ratio over the repeats (both the ratio itself for a single run).
    /// </summary>
    public (double Min, double Max) RatioRange => Repeats.Count == 0
        ? (Observed.DeliveryRatio, Observed.DeliveryRatio)
        : (Repeats.Min(r => r.Observed.DeliveryRatio), Repeats.Max(r => r.Observed.DeliveryRatio));
}
