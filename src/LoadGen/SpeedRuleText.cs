using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>How a <see cref="SpeedRule"/> is written on the command line: probes, in-run, machine, none, reference,
/// in-run-trace.</summary>
public static class SpeedRuleText
{
    /// <summary>
    /// The best-validated rule. Leave-one-session-out over the two days with the 5 ms sampler (sessions F and G,
    /// 2026-12-03), fitting and predicting at each rule: in-run missed the held-out day by 8.3 / 18.1 pp (F) and
    /// 4.9 / 14.9 pp (G), probes by 10.4 / 20.8 and 10.0 / 20.4 (README, calibration transfer). Runs without a
    /// timeline fall back to the probes' rule, and so do timelines that did not judge their own noise (session E's
    /// 1 ms sampler did worse than the probes: 13.3 / 28.4 against 10.1 / 21.8 pp); over all eight days 7.7 / 26.7 pp.
    /// </summary>
    public const SpeedRule Default = SpeedRule.InRun;

    public static readonly TextMap<SpeedRule> Map = new(
        (SpeedRule.Probes, "probes"),
        (SpeedRule.InRun, "in-run"),
        (SpeedRule.Machine, "machine"),
        (SpeedRule.None, "none"),
        (SpeedRule.Reference, "reference"),
        (SpeedRule.InRunTrace, "in-run-trace"));

    public static string ToText(this SpeedRule rule) => Map.Text(rule);
}
