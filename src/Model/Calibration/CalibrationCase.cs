using FanoutSim.Model.Results;

namespace FanoutSim.Model.Calibration;

/// <summary>A scenario and what was measured when the real system ran it.</summary>
public sealed record CalibrationCase(string Name, Scenario.Scenario Scenario, ObservedMetrics Observed);

/// <summary>The measured figures a fit tries to reproduce; absent ones are not used.</summary>
public sealed record ObservedMetrics(double DeliveryRatio, double? DeliveredPerSecond, double? WsMsgsSent, double? SessionAvgSeconds)
{
    public static ObservedMetrics Of(RunMetrics m) =>
        new(m.DeliveryRatio, m.DeliveredPerSecond, m.WsMsgsSent, m.WsSessionDuration.Avg);
}
