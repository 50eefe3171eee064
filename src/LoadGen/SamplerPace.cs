using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// How hard the in-run speed sampler works: one slice of <paramref name="SliceSeconds"/> CPU-seconds of the probe's
/// work every <paramref name="Every"/>, each CPU in turn. Its cost is about the slice over the period plus a fixed
/// overhead per slice (pinning, the thread's clock, the line); its noise falls with longer slices and more of them.
/// </summary>
public sealed record SamplerPace(double SliceSeconds, TimeSpan Every)
{
    /// <summary>Shortest slice: below one batch of the probe (about 0.8 ms) a slice times its first batch only.
    /// </summary>
    public const double MinSliceSeconds = 0.0005;

    public const double MaxSliceSeconds = 0.1;

    public static readonly TimeSpan MinEvery = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxEvery = TimeSpan.FromSeconds(10);

    /// <summary>The sampler may use at most this share of a core on its slices alone (the run is what is measured).
    /// </summary>
    public const double MaxShare = 0.05;

    /// <summary>
    /// 5 ms every 1 s (each of 2 CPUs timed every 2 s, about 15-30 slices of each over a run). Chosen from a
    /// self-test on a busy machine (README, "The in-run sampler's pace"): a slice's noise shrinks about as its length
    /// grows while the fixed cost per slice stays, so at ~1 % of a core few long slices beat many short ones.
    /// </summary>
    public static readonly SamplerPace Default = new(0.005, TimeSpan.FromSeconds(1));

    /// <summary>Nominal share of one core the slices take (without the per-slice overhead).</summary>
    public double Share => SliceSeconds / Every.TotalSeconds;

    /// <summary>"5 ms every 1 s": as the run file's speed_sampler and `probe --sample` say it.</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{SliceSeconds * 1000:0.###} ms every {Every.TotalSeconds:0.###} s");

    /// <summary>The option texts for a `probe --sample` child: --slice and --every in the duration grammar.</summary>
    public IReadOnlyList<string> Arguments =>
    [
        "--slice", string.Create(CultureInfo.InvariantCulture, $"{SliceSeconds * 1000:0.###}ms"),
        "--every", string.Create(CultureInfo.InvariantCulture, $"{Every.TotalMilliseconds:0.###}ms"),
    ];

    /// <summary>
    /// The pace from a slice and a period in the duration grammar (`DurationText`); null with
    /// <paramref name="error"/> saying what is wrong and what is expected.
    /// </summary>
    public static SamplerPace? Parse(string slice, string every, string sliceOption, string everyOption,
        out string error)
    {
        error = "";
        if (!Model.Scenarios.DurationText.TryParse(slice, out double s)
            || !(s >= MinSliceSeconds && s <= MaxSliceSeconds))
        {
            error = $"{sliceOption}: got '{slice}'; expected a CPU time from {MinSliceSeconds * 1000} ms to "
                + $"{MaxSliceSeconds * 1000:0} ms, e.g. 5ms";
            return null;
        }
        if (!Model.Scenarios.DurationText.TryParseTimeSpan(every, out TimeSpan e) || e < MinEvery || e > MaxEvery)
        {
            error = $"{everyOption}: got '{every}'; expected a period from {MinEvery.TotalMilliseconds:0} ms to "
                + $"{MaxEvery.TotalSeconds:0} s, e.g. 1s";
            return null;
        }
        var pace = new SamplerPace(s, e);
        if (pace.Share > MaxShare)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"{sliceOption} {slice} {everyOption} {every}: the slices alone would take {pace.Share * 100:0.#} % "
                + $"of a core; at most {MaxShare * 100:0} % (a longer period or a shorter slice)");
            return null;
        }
        return pace;
    }
}
