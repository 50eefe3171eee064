using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>How a <see cref="SpeedRule"/> is written on the command line: probes, in-run, machine, none.</summary>
public static class SpeedRuleText
{
    /// <summary>
    /// The best-validated rule: on session E (2026-12-02) the probes' rule missed by 10.1 / 21.8 pp, the 1 ms in-run
    /// sampler's by 13.3 / 28.4 pp (calibration/transfer/validation-session-e.md).
    /// </summary>
    public const SpeedRule Default = SpeedRule.Probes;

    public static readonly TextMap<SpeedRule> Map = new(
        (SpeedRule.Probes, "probes"),
        (SpeedRule.InRun, "in-run"),
        (SpeedRule.Machine, "machine"),
        (SpeedRule.None, "none"));

    public static string ToText(this SpeedRule rule) => Map.Text(rule);
}
