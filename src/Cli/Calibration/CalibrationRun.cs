using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// One real run as calibration data: the deployment and workload it ran against (enough to rebuild its
/// scenario) and what was measured. Read from a RunReport JSON or from a k6 summary export plus its deployment YAML.
/// </summary>
/// <param name="File">the file it was read from, named in every message about it</param>
/// <param name="RampSeconds">users' first dials spread over this long</param>
/// <param name="TaskMemoryGb">memory of each server task (bounds buffered messages)</param>
/// <param name="RedisNode">catalog node type; null means a plain link of <see cref="RunSetup.RedisEgressMbps"/>, or unshaped when that is null too</param>
/// <param name="Observed">what was measured; for a repeated setup, the mean over its repeats</param>
/// <param name="Repeats">the run files measured with this same setup (one for a single run)</param>
public sealed record CalibrationRun(
    string Name,
    string File,
    RunSetup Setup,
    double RampSeconds,
    double TaskMemoryGb,
    string? RedisNode,
    ObservedMetrics Observed,
    long Sent,
    long Received)
{
    public IReadOnlyList<CalibrationRun> Repeats { get; init; } = [];

    /// <summary>How many measurements stand behind <see cref="Observed"/>.</summary>
    public int RepeatCount => Math.Max(1, Repeats.Count);

    /// <summary>Lowest and highest measured delivery ratio over the repeats (both the ratio itself for a single run).</summary>
    public (double Min, double Max) RatioRange => Repeats.Count == 0
        ? (Observed.DeliveryRatio, Observed.DeliveryRatio)
        : (Repeats.Min(r => r.Observed.DeliveryRatio), Repeats.Max(r => r.Observed.DeliveryRatio));
}
