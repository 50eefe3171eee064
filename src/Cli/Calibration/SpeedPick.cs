namespace FanoutSim.Cli.Calibration;

/// <summary>The speed index a rule picked for one run, null when the run has none (or the rule ignores it).</summary>
public readonly record struct SpeedPick(double? Index, SpeedSource Source);
