using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// What "meets the target" means. Absolute: the k6 delivery ratio itself. Relative: a fraction of the
/// ratio an infinitely fast server scores for the same workload (users spread only by the ramp),
/// since k6's counting loses messages sent during reconnects whatever the server does (about 2-6 %
/// at 10 s sessions). That reference depends on the workload alone, so every deployment compared
/// in a plan or capacity search faces the same bar.
/// </summary>
/// <param name="P99Seconds">when set, the 99th percentile of the delivery latency (send to receipt) must not exceed
/// it either</param>
public sealed record TargetRule(double Target, bool Relative, double? P99Seconds = null)
{
    public double Threshold(Scenario scenario) => Relative ? Target * PerfectServerRatio(scenario) : Target;

    public static double PerfectServerRatio(Scenario scenario) =>
        IdealRatio.Of(scenario, scenario.DialRampSeconds);

    public bool Meets(Scenario scenario, double ratio) => ratio >= Threshold(scenario) - 1e-12;

    /// <summary>The ratio and, when asked for, the latency target.</summary>
    public bool Meets(Scenario scenario, Results.RunReport report) =>
        Meets(scenario, report.Metrics.DeliveryRatio) && LatencyMeets(report.DeliveryLatency?.P99);

    /// <summary>No latency target, or a p99 within it.</summary>
    public bool LatencyMeets(double? p99) => P99Seconds is not { } limit || p99 is { } p && p <= limit;

    /// <summary>Null when the target can be met at all; otherwise why not.</summary>
    public string? Infeasibility(Scenario scenario)
    {
        if (Target is <= 0 or > 1 || double.IsNaN(Target))
        {
            return $"the target must be in (0, 1], got {Target}";
        }
        if (P99Seconds is { } p99 && !(p99 > 0))
        {
            return $"the p99 latency target must be a positive duration, got {p99} s";
        }
        double ceiling = IdealRatio.Ceiling(scenario);
        if (!Relative && Target > ceiling)
        {
            return $"target {Target:0.###} is above {ceiling * 100:0.0} %, the best delivery ratio k6 can count for " +
                $"{scenario.Workload.SessionSeconds:0.##} s sessions " +
                $"at interval {scenario.Workload.IntervalSeconds:0.###} s " +
                $"with {scenario.Workload.Users} users (in a user's last session, its own copy of a tick that cannot " +
                "come back before its close is never counted); use a lower --target, or --relative " +
                "to ask for that fraction of what a server with no queueing scores";
        }
        return null;
    }

    public string Describe(Scenario scenario) => (Relative
        ? $"{Target * 100:0.##} % of the {PerfectServerRatio(scenario) * 100:0.0} % an infinitely fast server scores "
            + $"(= {Threshold(scenario) * 100:0.0} %)"
        : $"{Target * 100:0.##} %") + (P99Seconds is { } p99 ? $" and p99 latency <= {p99 * 1000:0.#} ms" : "");
}
